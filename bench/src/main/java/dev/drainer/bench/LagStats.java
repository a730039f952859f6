package dev.drainer.bench;

import java.util.Arrays;

/**
 * Checkpoint lag percentiles of one upstream phase (nearest rank over its samples).
 *
 * @param samples how many samples were taken; 0 leaves the figures at -1
 */
record LagStats(int samples, long p50Millis, long p99Millis, long maxMillis) {
    /** The percentiles of {@code millis} (any order; the array is not changed). */
    static LagStats of(long[] millis) {
        if (millis.length == 0) {
            return new LagStats(0, -1, -1, -1);
        }
        long[] sorted = millis.clone();
        Arrays.sort(sorted);
        return new LagStats(sorted.length, rank(sorted, 0.50), rank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    /** The smallest sample with at least {@code q} of all samples at or below it. */
    private static long rank(long[] sorted, double q) {
        int n = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, n - 1)];
    }
}
