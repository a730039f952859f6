package dev.drainer.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * A generated workload: its file, size and commit-ts range, and what the downstream must hold after
 * it (row counts and checksums; for the mixed workload also every live row, for a full comparison).
 *
 * @param name         {@code insert} or {@code mixed}
 * @param payloadBytes serialized binlog bytes (what its relay records carry)
 * @param live         per table the rows alive at the end, or null when not tracked (insert-only)
 */
record BenchWorkload(String name, Path file, long rows, long txns, long payloadBytes, long firstCommitTs,
                     long lastCommitTs, RowFactory rowFactory, TableTotals expected, List<LiveRows> live) {
}
