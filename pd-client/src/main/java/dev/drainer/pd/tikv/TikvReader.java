package dev.drainer.pd.tikv;

import com.google.protobuf.ByteString;
import dev.drainer.pd.PdClient;
import dev.drainer.pd.PdException;
import dev.drainer.pd.proto.errorpb.Error;
import dev.drainer.pd.proto.kvrpcpb.Context;
import dev.drainer.pd.proto.kvrpcpb.GetRequest;
import dev.drainer.pd.proto.kvrpcpb.GetResponse;
import dev.drainer.pd.proto.kvrpcpb.KeyError;
import dev.drainer.pd.proto.kvrpcpb.ScanRequest;
import dev.drainer.pd.proto.kvrpcpb.ScanResponse;
import dev.drainer.pd.proto.tikvpb.TikvGrpc;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Snapshot reads of TiKV's transactional key space at a given version (a TSO): {@code KvGet} and a
 * paged {@code KvScan} that walks the regions of a range. Regions come from PD through a cache; a
 * stale region (EpochNotMatch, RegionNotFound, KeyNotInRegion) is fetched again, a NotLeader moves
 * the request to the leader it names, and busy stores, locks and failed calls are retried after a
 * growing pause, up to {@link Options#attempts} per request. Thread-safe; it does not own the
 * {@link PdClient}, whose channels it uses.
 */
public final class TikvReader {
    private static final System.Logger LOG = System.getLogger(TikvReader.class.getName());

    /**
     * @param callTimeout  deadline of each PD or TiKV call
     * @param attempts     tries per request (a region refresh counts as one)
     * @param firstBackoff pause after the first failure that calls for one; doubled each time
     * @param maxBackoff   the longest pause
     */
    public record Options(Duration callTimeout, int attempts, Duration firstBackoff, Duration maxBackoff) {
        /** 5 s per call, 10 attempts, pauses from 50 ms up to 1 s. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(5), 10, Duration.ofMillis(50), Duration.ofSeconds(1));
        }
    }

    /** One key and its value as of the read version. */
    public record KvPair(byte[] key, byte[] value) {
    }

    private final PdClient pd;
    private final Options options;
    private final RegionCache regions;

    public TikvReader(PdClient pd, Options options) {
        this.pd = pd;
        this.options = options;
        this.regions = new RegionCache(pd, options.callTimeout());
    }

    /** The value of {@code key} as of {@code version}, or empty if it has none. */
    public Optional<byte[]> get(byte[] key, long version) throws TikvException {
        return onRegion("KvGet of key " + hex(key) + " at version " + version, key, (stub, region, ctx) -> {
            GetResponse r = stub.kvGet(GetRequest.newBuilder().setContext(ctx).setKey(ByteString.copyFrom(key))
                    .setVersion(version).build());
            check(r.hasRegionError() ? r.getRegionError() : null, region);
            check(r.hasError() ? r.getError() : null);
            // TiKV before 4.0 has no not_found and answers an empty value; an empty value is absent either way.
            return r.getNotFound() || r.getValue().isEmpty() ? Optional.<byte[]>empty() : Optional.of(r.getValue().toByteArray());
        });
    }

    /**
     * Every key in {@code [start, end)} with its value as of {@code version}, in key order, read
     * {@code pageSize} keys per call, region after region.
     */
    public List<KvPair> scan(byte[] start, byte[] end, long version, int pageSize) throws TikvException {
        if (pageSize < 1) {
            throw new IllegalArgumentException("scan page size " + pageSize + " must be at least 1");
        }
        List<KvPair> out = new ArrayList<>();
        byte[] next = start;
        while (Arrays.compareUnsigned(next, end) < 0) {
            byte[] from = next;
            Page page = onRegion("KvScan of [" + hex(from) + ", " + hex(end) + ") at version " + version, from,
                    (stub, region, ctx) -> {
                        byte[] until = region.end().length == 0 || Arrays.compareUnsigned(end, region.end()) <= 0
                                ? end : region.end();
                        ScanResponse r = stub.kvScan(ScanRequest.newBuilder().setContext(ctx)
                                .setStartKey(ByteString.copyFrom(from)).setEndKey(ByteString.copyFrom(until))
                                .setLimit(pageSize).setVersion(version).build());
                        check(r.hasRegionError() ? r.getRegionError() : null, region);
                        List<KvPair> pairs = new ArrayList<>(r.getPairsCount());
                        for (var p : r.getPairsList()) {
                            check(p.hasError() ? p.getError() : null);
                            pairs.add(new KvPair(p.getKey().toByteArray(), p.getValue().toByteArray()));
                        }
                        return new Page(pairs, until);
                    });
            out.addAll(page.pairs());
            if (page.pairs().size() == pageSize) {
                // A full page: the region may hold more; go on right after the last key.
                next = Arrays.copyOf(page.pairs().get(pageSize - 1).key(), page.pairs().get(pageSize - 1).key().length + 1);
            } else {
                next = page.until();
            }
        }
        return out;
    }

    private record Page(List<KvPair> pairs, byte[] until) {
    }

    private interface RegionCall<T> {
        T call(TikvGrpc.TikvBlockingStub stub, CachedRegion region, Context ctx) throws Retry;
    }

    /** The answer asks for the request to be sent again; {@code pause} when waiting may help. */
    private static final class Retry extends Exception {
        final boolean pause;

        Retry(String message, boolean pause) {
            super(message, null, false, false);
            this.pause = pause;
        }
    }

    private <T> T onRegion(String what, byte[] key, RegionCall<T> call) throws TikvException {
        List<String> failures = new ArrayList<>();
        long pauseMillis = options.firstBackoff().toMillis();
        for (int attempt = 1; attempt <= options.attempts(); attempt++) {
            boolean pause;
            CachedRegion region = null;
            String store = null;
            try {
                region = regions.locate(key);
                store = regions.storeAddress(region.leader().getStoreId());
                Context ctx = Context.newBuilder().setRegionId(region.id()).setRegionEpoch(region.epoch())
                        .setPeer(region.leader()).build();
                TikvGrpc.TikvBlockingStub stub = TikvGrpc.newBlockingStub(pd.storeChannel(store))
                        .withDeadlineAfter(options.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
                return call.call(stub, region, ctx);
            } catch (Retry r) {
                failures.add(region + " at " + store + ": " + r.getMessage());
                pause = r.pause;
            } catch (PdException e) {
                failures.add("PD: " + e.getMessage());
                pause = true;
            } catch (StatusRuntimeException e) {
                failures.add(region + " at " + store + ": " + e.getStatus().getCode()
                        + (e.getStatus().getDescription() == null ? "" : ": " + e.getStatus().getDescription()));
                regions.invalidate(region);
                regions.invalidateStore(region.leader().getStoreId());
                pause = true;
            } catch (IllegalArgumentException e) {
                // A store address PD gave that is not host:port.
                failures.add(region + ": " + e.getMessage());
                regions.invalidateStore(region.leader().getStoreId());
                pause = true;
            }
            LOG.log(System.Logger.Level.DEBUG, "TiKV read retried read={0} attempt={1} cause={2}", what, attempt,
                    failures.get(failures.size() - 1));
            if (pause && attempt < options.attempts()) {
                sleep(pauseMillis, what);
                pauseMillis = Math.min(pauseMillis * 2, options.maxBackoff().toMillis());
            }
        }
        throw new TikvException(what + " failed after " + options.attempts() + " attempts: " + String.join("; ", failures));
    }

    /** Acts on a region error: the cache forgets or re-points the region, and the request is retried. */
    private void check(Error e, CachedRegion region) throws Retry {
        if (e == null) {
            return;
        }
        if (e.hasNotLeader()) {
            if (e.getNotLeader().hasLeader() && e.getNotLeader().getLeader().getStoreId() != 0) {
                regions.switchLeader(region, e.getNotLeader().getLeader());
                throw new Retry("NotLeader, leader is on store " + e.getNotLeader().getLeader().getStoreId(), false);
            }
            // No leader elected yet: ask PD again after a pause.
            regions.invalidate(region);
            throw new Retry("NotLeader, no leader known", true);
        }
        if (e.hasServerIsBusy()) {
            throw new Retry("ServerIsBusy: " + e.getServerIsBusy().getReason(), true);
        }
        regions.invalidate(region);
        String kind = e.hasEpochNotMatch() ? "EpochNotMatch" : e.hasRegionNotFound() ? "RegionNotFound"
                : e.hasKeyNotInRegion() ? "KeyNotInRegion" : e.hasStaleCommand() ? "StaleCommand" : "region error";
        throw new Retry(kind + (e.getMessage().isEmpty() ? "" : ": " + e.getMessage()), !kind.equals("EpochNotMatch"));
    }

    /** A lock at or below the read version: the writer will commit or be resolved by TiDB; wait and read again. */
    private static void check(KeyError e) throws Retry {
        if (e == null) {
            return;
        }
        if (e.hasLocked()) {
            throw new Retry("key " + hex(e.getLocked().getKey().toByteArray()) + " locked by transaction "
                    + e.getLocked().getLockVersion(), true);
        }
        throw new Retry("key error: " + (e.getAbort().isEmpty() ? e.getRetryable() : e.getAbort()), true);
    }

    private static void sleep(long millis, String what) throws TikvException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TikvException(what + " interrupted");
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
