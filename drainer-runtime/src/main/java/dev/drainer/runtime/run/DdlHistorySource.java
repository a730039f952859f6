package dev.drainer.runtime.run;

import dev.drainer.config.DrainerConfig;
import dev.drainer.runtime.schema.DdlHistory;
import java.util.Optional;

/**
 * Where {@code drainer run} reads TiDB's DDL history, found with {@link java.util.ServiceLoader}.
 * No implementation ships in this build: the readers of TiKV meta ({@code DDLJobHistory}) and of
 * {@code mysql.tidb_ddl_history} do not exist yet (docs/schema-and-rows.md); tests plug in the simulator's.
 */
public interface DdlHistorySource {
    /** The history of the cluster {@code cfg} names, or empty when this source does not serve that cluster. */
    Optional<DdlHistory> open(DrainerConfig cfg) throws Exception;
}
