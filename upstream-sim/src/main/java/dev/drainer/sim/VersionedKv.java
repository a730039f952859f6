package dev.drainer.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** TiKV's committed data in memory: per key, its values by commit version; a read at version V sees the newest value committed at or before V. */
final class VersionedKv {
    private final NavigableMap<byte[], NavigableMap<Long, byte[]>> data = new TreeMap<>(Arrays::compareUnsigned);

    synchronized void put(byte[] key, long commitVersion, byte[] value) {
        data.computeIfAbsent(key.clone(), k -> new TreeMap<>()).put(commitVersion, value.clone());
    }

    synchronized Optional<byte[]> get(byte[] key, long version) {
        NavigableMap<Long, byte[]> versions = data.get(key);
        Map.Entry<Long, byte[]> e = versions == null ? null : versions.floorEntry(version);
        return e == null ? Optional.empty() : Optional.of(e.getValue().clone());
    }

    /** Up to {@code limit} keys with a value at {@code version} in {@code [start, end)}; an empty end is unbounded. */
    synchronized List<Map.Entry<byte[], byte[]>> scan(byte[] start, byte[] end, long version, int limit) {
        NavigableMap<byte[], NavigableMap<Long, byte[]>> range = end.length == 0
                ? data.tailMap(start, true) : data.subMap(start, true, end, false);
        List<Map.Entry<byte[], byte[]>> out = new ArrayList<>();
        for (Map.Entry<byte[], NavigableMap<Long, byte[]>> e : range.entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            Map.Entry<Long, byte[]> v = e.getValue().floorEntry(version);
            if (v != null) {
                out.add(Map.entry(e.getKey().clone(), v.getValue().clone()));
            }
        }
        return out;
    }
}
