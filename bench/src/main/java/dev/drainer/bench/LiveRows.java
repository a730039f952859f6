package dev.drainer.bench;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The live rows of one table in the mixed workload's model: key, version and email slot per row,
 * about 40 bytes each instead of a full image (see {@link RowFactory}). Dense arrays give uniform
 * random picks in O(1).
 */
final class LiveRows {
    private long[] keys = new long[1024];
    private int[] versions = new int[1024];
    private long[] slots = new long[1024];
    private int size;
    private final Map<Long, Integer> index = new HashMap<>();

    int size() {
        return size;
    }

    long key(int i) {
        return keys[i];
    }

    int version(int i) {
        return versions[i];
    }

    long slot(int i) {
        return slots[i];
    }

    /** The position of the row with {@code key}, or -1. */
    int indexOf(long key) {
        Integer i = index.get(key);
        return i == null ? -1 : i;
    }

    void add(long key, int version, long slot) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            versions = Arrays.copyOf(versions, size * 2);
            slots = Arrays.copyOf(slots, size * 2);
        }
        keys[size] = key;
        versions[size] = version;
        slots[size] = slot;
        index.put(key, size++);
    }

    void set(int i, int version, long slot) {
        versions[i] = version;
        slots[i] = slot;
    }

    /** Removes row {@code i}; the last row takes its position. */
    void remove(int i) {
        index.remove(keys[i]);
        size--;
        if (i < size) {
            keys[i] = keys[size];
            versions[i] = versions[size];
            slots[i] = slots[size];
            index.put(keys[i], i);
        }
    }
}
