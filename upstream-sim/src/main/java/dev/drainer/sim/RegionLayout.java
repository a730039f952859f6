package dev.drainer.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated cluster's regions and stores, shared by PD (which answers GetRegion and GetStore from
 * it) and the TiKV stores (which check each request's region, epoch and leader against it). Bounds
 * are raw keys; an empty end is the end of the key space. It starts as one region over everything.
 */
final class RegionLayout {
    /** One region; peers are one per store, peer id = region id * 1000 + store id. */
    record Region(long id, byte[] start, byte[] end, long confVer, long version, long leaderStore) {
        boolean contains(byte[] key) {
            return Arrays.compareUnsigned(key, start) >= 0 && (end.length == 0 || Arrays.compareUnsigned(key, end) < 0);
        }

        long peerId(long storeId) {
            return id * 1000 + storeId;
        }
    }

    private final Map<Long, String> stores = new LinkedHashMap<>();
    private final List<Region> regions = new ArrayList<>();
    private long nextRegionId = 2;

    RegionLayout() {
        regions.add(new Region(1, new byte[0], new byte[0], 1, 1, 0));
    }

    synchronized void addStore(long id, String address) {
        stores.put(id, address);
        // The first store leads every region until told otherwise.
        regions.replaceAll(r -> r.leaderStore() == 0 ? new Region(r.id(), r.start(), r.end(), r.confVer(), r.version(), id) : r);
    }

    synchronized Optional<String> storeAddress(long id) {
        return Optional.ofNullable(stores.get(id));
    }

    synchronized List<Long> storeIds() {
        return List.copyOf(stores.keySet());
    }

    synchronized Region find(byte[] key) {
        return regions.stream().filter(r -> r.contains(key)).findFirst()
                .orElseThrow(() -> new IllegalStateException("regions do not cover the key space"));
    }

    synchronized Optional<Region> byId(long id) {
        return regions.stream().filter(r -> r.id() == id).findFirst();
    }

    synchronized List<Region> all() {
        return List.copyOf(regions);
    }

    /** Splits the region holding {@code key} at it, as TiKV does: both halves get the next epoch version, the right one a new id. */
    synchronized void split(byte[] key) {
        Region r = find(key);
        if (Arrays.equals(r.start(), key)) {
            throw new IllegalArgumentException("region " + r.id() + " already starts at the split key");
        }
        regions.remove(r);
        regions.add(new Region(r.id(), r.start(), key, r.confVer(), r.version() + 1, r.leaderStore()));
        regions.add(new Region(nextRegionId++, key, r.end(), r.confVer(), r.version() + 1, r.leaderStore()));
    }

    /** Moves leadership of the region holding {@code key} to {@code storeId}; the epoch stays (a leader change is no conf change). */
    synchronized void transferLeader(byte[] key, long storeId) {
        if (!stores.containsKey(storeId)) {
            throw new IllegalArgumentException("no store " + storeId + "; stores: " + stores.keySet());
        }
        Region r = find(key);
        regions.set(regions.indexOf(r), new Region(r.id(), r.start(), r.end(), r.confVer(), r.version(), storeId));
    }
}
