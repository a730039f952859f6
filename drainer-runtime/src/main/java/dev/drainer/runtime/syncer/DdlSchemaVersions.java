package dev.drainer.runtime.syncer;

import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The schema versions of DDL binlogs by commit ts, recorded by the upstream side as it translates
 * them and taken by the {@link CheckpointKeeper} once everything up to a commit ts is applied, so the
 * checkpoint's {@code schema-version} is the last applied DDL's (spec §6.3-6.4). The secondary
 * binlog that reaches the syncer has no field for it, hence this side table.
 */
public final class DdlSchemaVersions {
    private final NavigableMap<Long, Long> byCommitTs = new TreeMap<>();

    /** A DDL binlog at {@code commitTs} brought the schema to {@code schemaVersion}. */
    public synchronized void record(long commitTs, long schemaVersion) {
        byCommitTs.merge(commitTs, schemaVersion, Math::max);
    }

    /** The highest version recorded at or below {@code commitTs} since the last call (0 if none); those records are dropped. */
    public synchronized long takeUpTo(long commitTs) {
        NavigableMap<Long, Long> done = byCommitTs.headMap(commitTs, true);
        long max = done.values().stream().mapToLong(Long::longValue).max().orElse(0);
        done.clear();
        return max;
    }
}
