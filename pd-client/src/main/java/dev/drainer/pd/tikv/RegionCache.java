package dev.drainer.pd.tikv;

import dev.drainer.pd.PdClient;
import dev.drainer.pd.PdException;
import dev.drainer.pd.proto.metapb.Region;
import dev.drainer.pd.proto.pdpb.GetRegionResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Regions by raw start key and store addresses, learnt from PD on first need and dropped when a
 * store says they are stale. Region bounds come from PD memcomparable-encoded and are kept decoded,
 * as TiDB's region cache does for transactional data.
 */
final class RegionCache {
    private final PdClient pd;
    private final Duration timeout;
    private final NavigableMap<byte[], CachedRegion> byStart = new TreeMap<>(Arrays::compareUnsigned);
    private final Map<Long, String> stores = new ConcurrentHashMap<>();

    RegionCache(PdClient pd, Duration timeout) {
        this.pd = pd;
        this.timeout = timeout;
    }

    /** The region holding {@code key}, from the cache or else from PD. */
    CachedRegion locate(byte[] key) throws PdException {
        synchronized (byStart) {
            Map.Entry<byte[], CachedRegion> e = byStart.floorEntry(key);
            if (e != null && e.getValue().contains(key)) {
                return e.getValue();
            }
        }
        GetRegionResponse r = pd.region(Memcomparable.encodeBytes(key), timeout);
        CachedRegion fresh = new CachedRegion(r.getRegion().getId(), decode(r.getRegion(), true),
                decode(r.getRegion(), false), r.getRegion().getRegionEpoch(), r.getLeader());
        if (!fresh.contains(key)) {
            throw new PdException("PD answered " + fresh + " for a key outside it: " + java.util.HexFormat.of().formatHex(key));
        }
        synchronized (byStart) {
            // Whatever overlaps the fresh region is from before a split or merge.
            byStart.values().removeIf(c -> overlaps(c, fresh));
            byStart.put(fresh.start(), fresh);
        }
        return fresh;
    }

    /** Forgets a region a store called stale (epoch, not found, key not in it). */
    void invalidate(CachedRegion r) {
        synchronized (byStart) {
            byStart.remove(r.start(), r);
        }
    }

    /** Keeps the region but sends the next request to {@code leader}, as a store's NotLeader said. */
    void switchLeader(CachedRegion r, dev.drainer.pd.proto.metapb.Peer leader) {
        synchronized (byStart) {
            byStart.replace(r.start(), r, r.withLeader(leader));
        }
    }

    /** The client address of a store, from the cache or else from PD. */
    String storeAddress(long storeId) throws PdException {
        String known = stores.get(storeId);
        if (known != null) {
            return known;
        }
        String address = pd.store(storeId, timeout).getAddress();
        stores.put(storeId, address);
        return address;
    }

    /** Forgets a store's address after a call to it failed: it may have moved. */
    void invalidateStore(long storeId) {
        stores.remove(storeId);
    }

    private static boolean overlaps(CachedRegion a, CachedRegion b) {
        boolean aEndsAfterBStarts = a.end().length == 0 || Arrays.compareUnsigned(a.end(), b.start()) > 0;
        boolean bEndsAfterAStarts = b.end().length == 0 || Arrays.compareUnsigned(b.end(), a.start()) > 0;
        return aEndsAfterBStarts && bEndsAfterAStarts;
    }

    private static byte[] decode(Region r, boolean start) throws PdException {
        byte[] encoded = (start ? r.getStartKey() : r.getEndKey()).toByteArray();
        if (encoded.length == 0) {
            return encoded;
        }
        try {
            return Memcomparable.decodeBytes(encoded, 0).value();
        } catch (IllegalArgumentException e) {
            throw new PdException("PD region " + r.getId() + " has an undecodable " + (start ? "start" : "end")
                    + " key: " + e.getMessage(), e);
        }
    }
}
