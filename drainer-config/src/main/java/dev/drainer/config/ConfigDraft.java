package dev.drainer.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Mutable working copy filled by defaults, then TOML, environment and flags; turned into records at the end. */
final class ConfigDraft {
    /** A [security]-style section. */
    static final class Tls {
        String sslCa = "";
        String sslCert = "";
        String sslKey = "";
        List<String> certAllowedCn = List.of();

        TlsConfig build() {
            return new TlsConfig(sslCa, sslCert, sslKey, certAllowedCn);
        }

        boolean isEmpty() {
            return sslCa.isEmpty() && sslCert.isEmpty() && sslKey.isEmpty() && certAllowedCn.isEmpty();
        }
    }

    /** Origin of every value that did not come from a default, by dotted TOML key (or "-flag" for flag-only). */
    final Map<String, Origin> origins = new HashMap<>();
    final List<String> warnings = new ArrayList<>();

    String logLevel = Defaults.LOG_LEVEL;
    String nodeId = "";
    String addr = "";
    String advertiseAddr = "";
    String dataDir = Defaults.DATA_DIR;
    int detectInterval = Defaults.DETECT_INTERVAL;
    String pdUrls = Defaults.PD_URLS;
    String logFile = "";
    long initialCommitTs = Defaults.INITIAL_COMMIT_TS;
    int syncedCheckTime = Defaults.SYNCED_CHECK_TIME;
    String compressor = "";
    final Tls security = new Tls();
    String metricsAddr = "";
    int metricsInterval = Defaults.METRICS_INTERVAL;
    int cacheBinlogCount = Defaults.CACHE_BINLOG_COUNT;

    String sqlMode; // null = unset: the session sql_mode is left alone
    List<Long> ignoreTxnCommitTs = List.of();
    String ignoreSchemas = Defaults.IGNORE_SCHEMAS;
    List<TableName> ignoreTables = List.of();
    List<String> replicateDoDbs = List.of();
    List<TableName> replicateDoTables = List.of();
    int txnBatch = Defaults.TXN_BATCH;
    int workerCount = Defaults.WORKER_COUNT;
    long channelId;
    boolean syncDdl = true;
    DbType dbType = DbType.MYSQL;
    boolean safeMode;
    Boolean tomlEnableDispatch;
    Boolean tomlDisableDispatch;
    Boolean flagEnableDispatch;
    Boolean flagDisableDispatch;
    Boolean tomlEnableDetect;
    Boolean tomlDisableDetect;
    Boolean flagEnableDetect;
    Boolean flagDisableDetect;
    boolean caseSensitive;

    String relayLogDir = "";
    long relayMaxFileSize = Defaults.RELAY_MAX_FILE_SIZE;
    RelayFsync relayFsync = Defaults.RELAY_FSYNC;
    Duration relayLockTimeout = Defaults.RELAY_LOCK_TIMEOUT;
    String relayLegacyTimeZone = Defaults.RELAY_LEGACY_TIME_ZONE;
    boolean relayAutoRecover = Defaults.RELAY_AUTO_RECOVER;

    String toHost = "";
    int toPort;
    String toUser = "";
    String toPassword; // null = key absent
    String toPasswordFile = "";
    Duration toReadTimeout = Defaults.READ_TIMEOUT;
    Map<String, String> toParams = Map.of();
    final Tls toSecurity = new Tls();

    DbType checkpointType; // null = follow db-type
    String checkpointSchema = Defaults.CHECKPOINT_SCHEMA;
    String checkpointTable = Defaults.CHECKPOINT_TABLE;
    String checkpointHost = "";
    int checkpointPort;
    String checkpointUser = "";
    String checkpointPassword = "";
    final Tls checkpointSecurity = new Tls();
}
