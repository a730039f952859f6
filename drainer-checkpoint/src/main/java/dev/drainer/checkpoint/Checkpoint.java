package dev.drainer.checkpoint;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checkpoint document stored in {@code tidb_binlog.checkpoint.checkPoint}.
 *
 * @param consistent    true only after a clean stop or a finished relay recovery
 * @param commitTs      every upstream transaction with commit ts at or below this is applied downstream
 * @param tsMap         {@code primary-ts}/{@code secondary-ts} pair of TiDB downstreams; unknown keys are kept
 * @param schemaVersion the highest applied schema version; never decreases
 */
public record Checkpoint(boolean consistent, long commitTs, Map<String, Long> tsMap, long schemaVersion) {
    public Checkpoint {
        tsMap = Collections.unmodifiableMap(new LinkedHashMap<>(tsMap));
    }

    /** A checkpoint at {@code commitTs} with an empty ts-map and schema version 0. */
    public static Checkpoint at(long commitTs, boolean consistent) {
        return new Checkpoint(consistent, commitTs, Map.of(), 0);
    }

    public Checkpoint withConsistent(boolean value) {
        return new Checkpoint(value, commitTs, tsMap, schemaVersion);
    }

    /** This checkpoint advanced to {@code ts}; the schema version only ever grows. */
    public Checkpoint advancedTo(long ts, long appliedSchemaVersion) {
        return new Checkpoint(consistent, ts, tsMap, Math.max(schemaVersion, appliedSchemaVersion));
    }
}
