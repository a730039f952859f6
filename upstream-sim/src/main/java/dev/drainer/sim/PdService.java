package dev.drainer.sim;

import com.google.protobuf.ByteString;
import dev.drainer.pd.proto.metapb.Peer;
import dev.drainer.pd.proto.metapb.Region;
import dev.drainer.pd.proto.metapb.RegionEpoch;
import dev.drainer.pd.proto.metapb.Store;
import dev.drainer.pd.proto.pdpb.Error;
import dev.drainer.pd.proto.pdpb.ErrorType;
import dev.drainer.pd.proto.pdpb.GetMembersRequest;
import dev.drainer.pd.proto.pdpb.GetMembersResponse;
import dev.drainer.pd.proto.pdpb.GetRegionRequest;
import dev.drainer.pd.proto.pdpb.GetRegionResponse;
import dev.drainer.pd.proto.pdpb.GetStoreRequest;
import dev.drainer.pd.proto.pdpb.GetStoreResponse;
import dev.drainer.pd.proto.pdpb.Member;
import dev.drainer.pd.proto.pdpb.PDGrpc;
import dev.drainer.pd.proto.pdpb.ResponseHeader;
import dev.drainer.pd.proto.pdpb.TsoRequest;
import dev.drainer.pd.proto.pdpb.TsoResponse;
import dev.drainer.sim.tidb.TidbMetaKeys;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/**
 * PD's GetMembers and Tso for a one-member cluster that is always its own leader, and GetRegion and
 * GetStore from the {@link RegionLayout} (region keys memcomparable-encoded, as PD keeps them).
 */
final class PdService extends PDGrpc.PDImplBase {
    private final long clusterId;
    private final Supplier<Member> self;
    private final TsoAllocator tso;
    private final RegionLayout layout;

    /** @param self this member as it is now: its client URL names the port it listens on */
    PdService(long clusterId, Supplier<Member> self, TsoAllocator tso, RegionLayout layout) {
        this.clusterId = clusterId;
        this.self = self;
        this.tso = tso;
        this.layout = layout;
    }

    @Override
    public void getRegion(GetRegionRequest request, StreamObserver<GetRegionResponse> out) {
        if (refused(request.getHeader().getClusterId(), out)) {
            return;
        }
        byte[] key = request.getRegionKey().isEmpty() ? new byte[0]
                : TidbMetaKeys.uncomparable(request.getRegionKey().toByteArray());
        RegionLayout.Region r = layout.find(key);
        out.onNext(GetRegionResponse.newBuilder().setHeader(header()).setRegion(region(r, layout.storeIds()))
                .setLeader(Peer.newBuilder().setId(r.peerId(r.leaderStore())).setStoreId(r.leaderStore()))
                .build());
        out.onCompleted();
    }

    @Override
    public void getStore(GetStoreRequest request, StreamObserver<GetStoreResponse> out) {
        if (refused(request.getHeader().getClusterId(), out)) {
            return;
        }
        GetStoreResponse.Builder r = GetStoreResponse.newBuilder();
        layout.storeAddress(request.getStoreId()).ifPresentOrElse(
                a -> r.setHeader(header()).setStore(Store.newBuilder().setId(request.getStoreId()).setAddress(a)),
                () -> r.setHeader(header().toBuilder().setError(Error.newBuilder().setType(ErrorType.UNKNOWN)
                        .setMessage("invalid store ID " + request.getStoreId() + ", not found"))));
        out.onNext(r.build());
        out.onCompleted();
    }

    /** A region as PD answers it: bounds memcomparable-encoded, one peer per store. */
    static Region region(RegionLayout.Region r, java.util.List<Long> storeIds) {
        Region.Builder b = Region.newBuilder().setId(r.id())
                .setStartKey(ByteString.copyFrom(r.start().length == 0 ? r.start() : TidbMetaKeys.comparable(r.start())))
                .setEndKey(ByteString.copyFrom(r.end().length == 0 ? r.end() : TidbMetaKeys.comparable(r.end())))
                .setRegionEpoch(RegionEpoch.newBuilder().setConfVer(r.confVer()).setVersion(r.version()));
        storeIds.forEach(s -> b.addPeers(Peer.newBuilder().setId(r.peerId(s)).setStoreId(s)));
        return b.build();
    }

    private boolean refused(long requestClusterId, StreamObserver<?> out) {
        if (requestClusterId == clusterId) {
            return false;
        }
        out.onError(Status.FAILED_PRECONDITION.withDescription("mismatch cluster id, need "
                + Long.toUnsignedString(clusterId) + " but got " + Long.toUnsignedString(requestClusterId)).asRuntimeException());
        return true;
    }

    @Override
    public void getMembers(GetMembersRequest request, StreamObserver<GetMembersResponse> out) {
        out.onNext(GetMembersResponse.newBuilder()
                .setHeader(header())
                .addMembers(self.get())
                .setLeader(self.get())
                .setEtcdLeader(self.get())
                .build());
        out.onCompleted();
    }

    @Override
    public StreamObserver<TsoRequest> tso(StreamObserver<TsoResponse> out) {
        return new StreamObserver<>() {
            @Override
            public void onNext(TsoRequest r) {
                // The refusals PD makes, in its words (less its error-code prefixes).
                if (refused(r.getHeader().getClusterId(), out)) {
                    return;
                }
                if (r.getCount() == 0) {
                    out.onError(Status.UNKNOWN.withDescription("tso count should be positive").asRuntimeException());
                    return;
                }
                out.onNext(TsoResponse.newBuilder()
                        .setHeader(header())
                        .setCount(r.getCount())
                        .setTimestamp(tso.next(r.getCount()))
                        .build());
            }

            @Override
            public void onError(Throwable t) {
                // The client went away; nothing is held for it.
            }

            @Override
            public void onCompleted() {
                out.onCompleted();
            }
        };
    }

    private ResponseHeader header() {
        return ResponseHeader.newBuilder().setClusterId(clusterId).build();
    }
}
