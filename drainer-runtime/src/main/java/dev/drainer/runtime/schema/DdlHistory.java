package dev.drainer.runtime.schema;

import java.util.List;
import java.util.Optional;

/**
 * Where finished DDL jobs come from: TiDB's history in TiKV meta ({@code DDLJobHistory}; TiDB 6.2-6.5
 * with concurrent DDL keep it in {@code mysql.tidb_ddl_history} instead, which no implementation
 * reads). Implementations retry transient read errors themselves and throw
 * {@link DdlHistoryUnavailableException} when they give up.
 */
public interface DdlHistory {
    /** Every history job, in any order (the tracker sorts by schema version). */
    List<Job> allJobs();

    /**
     * The history job with this id, or empty if TiDB has not moved it to the history within the
     * implementation's own wait (the Go drainer polls every second).
     */
    Optional<Job> job(long jobId);
}
