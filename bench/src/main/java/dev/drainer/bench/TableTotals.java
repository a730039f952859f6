package dev.drainer.bench;

import dev.drainer.testkit.workload.BenchTables;

/** Expected row count and {@link RowChecksum} XOR per bench table, kept as row images come and go. */
final class TableTotals {
    private final long[] rows = new long[BenchTables.COUNT];
    private final long[] checksums = new long[BenchTables.COUNT];

    void add(int table, long rowChecksum) {
        rows[table]++;
        checksums[table] ^= rowChecksum;
    }

    void remove(int table, long rowChecksum) {
        rows[table]--;
        checksums[table] ^= rowChecksum;
    }

    long rows(int table) {
        return rows[table];
    }

    long checksum(int table) {
        return checksums[table];
    }
}
