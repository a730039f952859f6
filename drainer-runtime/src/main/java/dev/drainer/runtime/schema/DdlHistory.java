package dev.drainer.runtime.schema;

import java.util.List;
import java.util.Optional;

/**
 * Where finished DDL jobs come from: TiDB's history in TiKV meta ({@code DDLJobHistory}), or
 * {@code mysql.tidb_ddl_history} on TiDB 6.2-6.5 with concurrent DDL. Implementations retry
 * transient read errors themselves.
 */
public interface DdlHistory {
    /** Every history job, in any order (the tracker sorts by schema version). */
    List<Job> allJobs();

    /** The history job with this id, or empty while TiDB has not moved it to the history yet. */
    Optional<Job> job(long jobId);
}
