package dev.drainer.sim;

import com.google.protobuf.ByteString;
import dev.drainer.pd.proto.errorpb.EpochNotMatch;
import dev.drainer.pd.proto.errorpb.Error;
import dev.drainer.pd.proto.errorpb.KeyNotInRegion;
import dev.drainer.pd.proto.errorpb.NotLeader;
import dev.drainer.pd.proto.errorpb.RegionNotFound;
import dev.drainer.pd.proto.kvrpcpb.Context;
import dev.drainer.pd.proto.kvrpcpb.GetRequest;
import dev.drainer.pd.proto.kvrpcpb.GetResponse;
import dev.drainer.pd.proto.kvrpcpb.KvPair;
import dev.drainer.pd.proto.kvrpcpb.ScanRequest;
import dev.drainer.pd.proto.kvrpcpb.ScanResponse;
import dev.drainer.pd.proto.metapb.Peer;
import dev.drainer.pd.proto.tikvpb.TikvGrpc;
import io.grpc.stub.StreamObserver;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One TiKV store's KvGet and KvScan: each request's region must exist, be led by this store, carry
 * the current epoch and hold the key, or the answer is the region error TiKV gives (RegionNotFound,
 * NotLeader naming the leader, EpochNotMatch with the current regions, KeyNotInRegion).
 */
final class TikvService extends TikvGrpc.TikvImplBase {
    private final long storeId;
    private final RegionLayout layout;
    private final VersionedKv kv;
    private final AtomicLong gets;
    private final AtomicLong scans;

    TikvService(long storeId, RegionLayout layout, VersionedKv kv, AtomicLong gets, AtomicLong scans) {
        this.storeId = storeId;
        this.layout = layout;
        this.kv = kv;
        this.gets = gets;
        this.scans = scans;
    }

    @Override
    public void kvGet(GetRequest request, StreamObserver<GetResponse> out) {
        gets.incrementAndGet();
        byte[] key = request.getKey().toByteArray();
        GetResponse.Builder r = GetResponse.newBuilder();
        regionError(request.getContext(), key).ifPresentOrElse(r::setRegionError, () -> kv.get(key, request.getVersion())
                .ifPresentOrElse(v -> r.setValue(ByteString.copyFrom(v)), () -> r.setNotFound(true)));
        out.onNext(r.build());
        out.onCompleted();
    }

    @Override
    public void kvScan(ScanRequest request, StreamObserver<ScanResponse> out) {
        scans.incrementAndGet();
        byte[] start = request.getStartKey().toByteArray();
        ScanResponse.Builder r = ScanResponse.newBuilder();
        Optional<Error> error = regionError(request.getContext(), start);
        if (error.isPresent()) {
            r.setRegionError(error.get());
        } else {
            // A region's snapshot ends at the region's end, whatever end key the request names.
            byte[] regionEnd = layout.byId(request.getContext().getRegionId()).orElseThrow().end();
            byte[] end = request.getEndKey().toByteArray();
            if (end.length == 0 || (regionEnd.length > 0 && Arrays.compareUnsigned(regionEnd, end) < 0)) {
                end = regionEnd;
            }
            kv.scan(start, end, request.getVersion(), request.getLimit()).forEach(e -> r.addPairs(
                    KvPair.newBuilder().setKey(ByteString.copyFrom(e.getKey())).setValue(ByteString.copyFrom(e.getValue()))));
        }
        out.onNext(r.build());
        out.onCompleted();
    }

    private Optional<Error> regionError(Context ctx, byte[] key) {
        Optional<RegionLayout.Region> found = layout.byId(ctx.getRegionId());
        if (found.isEmpty()) {
            return Optional.of(Error.newBuilder().setMessage("region " + ctx.getRegionId() + " not found")
                    .setRegionNotFound(RegionNotFound.newBuilder().setRegionId(ctx.getRegionId())).build());
        }
        RegionLayout.Region r = found.get();
        if (r.leaderStore() != storeId) {
            return Optional.of(Error.newBuilder().setMessage("peer is not leader for region " + r.id())
                    .setNotLeader(NotLeader.newBuilder().setRegionId(r.id())
                            .setLeader(Peer.newBuilder().setId(r.peerId(r.leaderStore())).setStoreId(r.leaderStore())))
                    .build());
        }
        if (ctx.getRegionEpoch().getVersion() != r.version() || ctx.getRegionEpoch().getConfVer() != r.confVer()) {
            EpochNotMatch.Builder e = EpochNotMatch.newBuilder();
            layout.all().forEach(c -> e.addCurrentRegions(PdService.region(c, layout.storeIds())));
            return Optional.of(Error.newBuilder().setMessage("epoch not match for region " + r.id()).setEpochNotMatch(e).build());
        }
        if (!r.contains(key)) {
            return Optional.of(Error.newBuilder().setMessage("key is not in region " + r.id())
                    .setKeyNotInRegion(KeyNotInRegion.newBuilder().setKey(ByteString.copyFrom(key)).setRegionId(r.id())
                            .setStartKey(ByteString.copyFrom(r.start())).setEndKey(ByteString.copyFrom(r.end())))
                    .build());
        }
        return Optional.empty();
    }
}
