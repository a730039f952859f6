package dev.drainer.config;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code [syncer]}. {@code enableDispatch}/{@code enableDetect} are already resolved from the enable-/disable-
 * keys and flags; {@code workerCount} is already 1 when dispatch is disabled. Keys that only accept their
 * behaviour-neutral value (loopback-control, load-schema-snapshot, table-migrate-rule, binlog-filter-rule)
 * are not carried.
 */
public record SyncerConfig(Optional<String> sqlMode, List<Long> ignoreTxnCommitTs, String ignoreSchemas,
                           List<TableName> ignoreTables, List<String> replicateDoDbs,
                           List<TableName> replicateDoTables, int txnBatch, int workerCount, long channelId,
                           boolean syncDdl, DbType dbType, boolean safeMode, boolean enableDispatch,
                           boolean enableDetect, boolean caseSensitive, RelayConfig relay, DestinationConfig to) {
    public SyncerConfig {
        Objects.requireNonNull(sqlMode, "sqlMode");
        ignoreTxnCommitTs = List.copyOf(ignoreTxnCommitTs);
        Objects.requireNonNull(ignoreSchemas, "ignoreSchemas");
        ignoreTables = List.copyOf(ignoreTables);
        replicateDoDbs = List.copyOf(replicateDoDbs);
        replicateDoTables = List.copyOf(replicateDoTables);
        Objects.requireNonNull(dbType, "dbType");
        Objects.requireNonNull(relay, "relay");
        Objects.requireNonNull(to, "to");
    }

    /** ignore-schemas split on commas, as upstream does (empty entries dropped). */
    public List<String> ignoreSchemaList() {
        return Arrays.stream(ignoreSchemas.split(",")).filter(s -> !s.isEmpty()).toList();
    }
}
