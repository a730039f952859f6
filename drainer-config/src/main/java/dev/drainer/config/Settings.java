package dev.drainer.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/**
 * The registry of every key of spec §9.1, our extension keys and every flag: the single source of truth
 * for the TOML reader, the flag parser and the usage text.
 */
final class Settings {
    /** Tables that hold settings; any other table is an unknown key. */
    static final Set<String> SECTIONS = Set.of("security", "syncer", "syncer.relay", "syncer.to",
            "syncer.to.security", "syncer.to.checkpoint", "syncer.to.checkpoint.security");

    private static final List<Setting> ALL = new ArrayList<>();
    private static final Map<String, Setting> BY_TOML = new LinkedHashMap<>();
    private static final Map<String, Setting> BY_FLAG = new LinkedHashMap<>();

    static {
        // ---- top level (spec §9.1) ----
        both("log-level", "L", Kind.STRING, "info", "log level: debug, info, warn, error, fatal",
                Checks::logLevel, (d, v, o) -> d.logLevel = ((String) v).toLowerCase(Locale.ROOT));
        both("node-id", "node-id", Kind.STRING, "", "the ID of this drainer node; if empty, <hostname>:<port of addr>",
                Checks::none, (d, v, o) -> d.nodeId = (String) v);
        both("addr", "addr", Kind.STRING, "", "addr (host:port) to listen on; default <first non-loopback IPv4>:8249",
                Checks::listenAddr, (d, v, o) -> d.addr = (String) v);
        both("advertise-addr", "advertise-addr", Kind.STRING, "",
                "addr (host:port) registered in PD for pumps to reach; default = addr",
                Checks::advertiseAddr, (d, v, o) -> d.advertiseAddr = (String) v);
        both("data-dir", "data-dir", Kind.STRING, Defaults.DATA_DIR, "drainer data directory path",
                Checks::nonEmpty, (d, v, o) -> d.dataDir = (String) v);
        both("detect-interval", "detect-interval", Kind.INT, "5",
                "interval in seconds of detecting pumps' status (0 = default)",
                Checks::nonNegative, (d, v, o) -> d.detectInterval = (Integer) v);
        both("pd-urls", "pd-urls", Kind.STRING, Defaults.PD_URLS, "a comma separated list of PD endpoints",
                Checks::pdUrls, (d, v, o) -> d.pdUrls = (String) v);
        both("log-file", "log-file", Kind.STRING, "", "log file path (empty = stderr)",
                Checks::none, (d, v, o) -> d.logFile = (String) v);
        both("initial-commit-ts", "initial-commit-ts", Kind.LONG, "-1",
                "commit ts to start from when there is no checkpoint; -1 = current TSO from PD",
                Checks::initialCommitTs, (d, v, o) -> d.initialCommitTs = (Long) v);
        both("synced-check-time", "synced-check-time", Kind.INT, "5",
                "minutes without new binlogs after which the drainer reports itself synced",
                Checks::nonNegative, (d, v, o) -> d.syncedCheckTime = (Integer) v);
        both("compressor", "compressor", Kind.STRING, "",
                "compressor for the pump->drainer stream: \"\" (none) or gzip",
                Checks.oneOf("", "gzip"), (d, v, o) -> d.compressor = (String) v);
        tls("security", d -> d.security, true);

        // ---- flag only ----
        flagOnly("config", Kind.STRING, "", "path to the configuration file (drainer.toml)", (d, v, o) -> { });
        flagOnly("V", Kind.BOOL, "false", "print version information and exit", (d, v, o) -> { });
        flagOnly("metrics-addr", Kind.STRING, "", "prometheus pushgateway address; empty disables push",
                Checks::none, (d, v, o) -> d.metricsAddr = (String) v);
        flagOnly("metrics-interval", Kind.INT, "15", "prometheus push interval in seconds; 0 disables push",
                Checks::nonNegative, (d, v, o) -> d.metricsInterval = (Integer) v);
        flagOnly("cache-binlog-count", Kind.INT, "8", "blurry count of binlogs in cache, limits cache size",
                Checks::positive, (d, v, o) -> d.cacheBinlogCount = (Integer) v);
        flagOnly("log-rotate", Kind.STRING, "", "DEPRECATED: accepted and ignored",
                (d, v, o) -> d.warnings.add(o + ": -log-rotate is deprecated and ignored"));

        // ---- [syncer] ----
        toml("syncer.sql-mode", Kind.STRING, Checks::none, (d, v, o) -> d.sqlMode = (String) v);
        toml("syncer.ignore-txn-commit-ts", Kind.LONG_LIST, Checks::none, (d, v, o) -> d.ignoreTxnCommitTs = longs(v));
        both("syncer.ignore-schemas", "ignore-schemas", Kind.STRING, Defaults.IGNORE_SCHEMAS,
                "comma separated schemas not to replicate", Checks::none, (d, v, o) -> d.ignoreSchemas = (String) v);
        toml("syncer.ignore-table", Kind.TABLE_LIST, Checks::none, (d, v, o) -> d.ignoreTables = tables(v));
        toml("syncer.replicate-do-db", Kind.STRING_LIST, Checks::none, (d, v, o) -> d.replicateDoDbs = strings(v));
        toml("syncer.replicate-do-table", Kind.TABLE_LIST, Checks::none,
                (d, v, o) -> d.replicateDoTables = tables(v));
        both("syncer.txn-batch", "txn-batch", Kind.INT, "20", "number of binlog events in a transaction batch",
                Checks::positive, (d, v, o) -> d.txnBatch = (Integer) v);
        both("syncer.worker-count", "c", Kind.INT, "16", "parallel worker count",
                Checks::positive, (d, v, o) -> d.workerCount = (Integer) v);
        both("syncer.loopback-control", "loopback-control", Kind.BOOL, "false",
                "bidirectional replication marks (not supported: only false)",
                Checks.onlyFalse("loopback control"), (d, v, o) -> { });
        both("syncer.channel-id", "channel-id", Kind.LONG, "0",
                "replication channel id (upstream uses it only with loopback-control)",
                Checks::none, (d, v, o) -> d.channelId = (Long) v);
        both("syncer.sync-ddl", "sync-ddl", Kind.BOOL, "true", "replicate DDL statements",
                Checks::none, (d, v, o) -> d.syncDdl = (Boolean) v);
        both("syncer.db-type", "dest-db-type", Kind.STRING, "mysql", "downstream type: mysql or tidb",
                Checks::dbType, (d, v, o) -> d.dbType = DbType.fromTomlName((String) v));
        both("syncer.safe-mode", "safe-mode", Kind.BOOL, "false",
                "safe mode: INSERT as REPLACE, UPDATE as DELETE+REPLACE (reentrant apply)",
                Checks::none, (d, v, o) -> d.safeMode = (Boolean) v);
        both("syncer.enable-dispatch", "enable-dispatch", Kind.BOOL, "true",
                "split and dispatch the rows of one upstream transaction to several workers",
                Checks::none, (d, v, o) -> {
                    if (o.isFlagLike()) {
                        d.flagEnableDispatch = (Boolean) v;
                    } else {
                        d.tomlEnableDispatch = (Boolean) v;
                    }
                });
        both("syncer.disable-dispatch", "disable-dispatch", Kind.BOOL, "false",
                "DEPRECATED spelling of -enable-dispatch=false; wins over enable-dispatch",
                Checks::none, (d, v, o) -> {
                    if (o.isFlagLike()) {
                        d.flagDisableDispatch = (Boolean) v;
                    } else {
                        d.tomlDisableDispatch = (Boolean) v;
                    }
                });
        both("syncer.enable-detect", "enable-detect", Kind.BOOL, "true", "detect causality between rows",
                Checks::none, (d, v, o) -> {
                    if (o.isFlagLike()) {
                        d.flagEnableDetect = (Boolean) v;
                    } else {
                        d.tomlEnableDetect = (Boolean) v;
                    }
                });
        both("syncer.disable-detect", "disable-detect", Kind.BOOL, "false",
                "DEPRECATED spelling of -enable-detect=false; wins over enable-detect",
                Checks::none, (d, v, o) -> {
                    if (o.isFlagLike()) {
                        d.flagDisableDetect = (Boolean) v;
                    } else {
                        d.tomlDisableDetect = (Boolean) v;
                    }
                });
        both("syncer.load-schema-snapshot", "load-schema-snapshot", Kind.BOOL, "false",
                "load the schema from a TiKV snapshot (not supported: only false)",
                Checks.onlyFalse("loading the schema from a snapshot"), (d, v, o) -> { });
        toml("syncer.case-sensitive", Kind.BOOL, Checks::none, (d, v, o) -> d.caseSensitive = (Boolean) v);
        toml("syncer.table-migrate-rule", Kind.ANY, Settings::emptyArrayOnly, (d, v, o) -> { });
        toml("syncer.binlog-filter-rule", Kind.ANY, Settings::emptyTableOnly, (d, v, o) -> { });

        // ---- [syncer.relay] ----
        both("syncer.relay.log-dir", "relay-log-dir", Kind.STRING, "", "relay log directory (empty = disabled)",
                Checks::none, (d, v, o) -> d.relayLogDir = (String) v);
        both("syncer.relay.max-file-size", "relay-max-file-size", Kind.LONG, "10485760",
                "max size in bytes of each relay log file (<= 0 = 10 MiB)",
                Checks::none, (d, v, o) -> d.relayMaxFileSize = (Long) v);
        toml("syncer.relay.fsync", Kind.STRING, Checks.oneOf("commit", "off"),
                (d, v, o) -> d.relayFsync = RelayFsync.fromTomlName((String) v));
        toml("syncer.relay.lock-timeout", Kind.DURATION, Checks::nonNegativeDuration,
                (d, v, o) -> d.relayLockTimeout = (Duration) v);
        toml("syncer.relay.legacy-time-zone", Kind.STRING, Checks::legacyTimeZone,
                (d, v, o) -> d.relayLegacyTimeZone = (String) v);
        toml("syncer.relay.auto-recover", Kind.BOOL, Checks::none, (d, v, o) -> d.relayAutoRecover = (Boolean) v);

        // ---- [syncer.to] ----
        toml("syncer.to.host", Kind.STRING, Checks::none, (d, v, o) -> d.toHost = (String) v);
        toml("syncer.to.port", Kind.INT, Checks::port, (d, v, o) -> d.toPort = (Integer) v);
        toml("syncer.to.user", Kind.STRING, Checks::none, (d, v, o) -> d.toUser = (String) v);
        toml("syncer.to.password", Kind.STRING, Checks::none, (d, v, o) -> d.toPassword = (String) v);
        toml("syncer.to.password-file", Kind.STRING, Checks::none, (d, v, o) -> d.toPasswordFile = (String) v);
        toml("syncer.to.encrypted_password", Kind.STRING, Checks.alwaysRejected("encrypted_password is not supported"
                + " by this drainer; use password, password-file or the MYSQL_PSWD environment variable"),
                (d, v, o) -> { });
        toml("syncer.to.sync-mode", Kind.INT, Checks::syncMode, (d, v, o) -> { });
        toml("syncer.to.read-timeout", Kind.STRING, Checks::readTimeout, (d, v, o) -> d.toReadTimeout =
                ((String) v).isEmpty() ? Defaults.READ_TIMEOUT : GoDuration.parse((String) v));
        toml("syncer.to.params", Kind.STRING_MAP, Checks::none, (d, v, o) -> d.toParams = stringMap(v));
        toml("syncer.to.merge", Kind.BOOL, Checks.onlyFalse("merge mode"), (d, v, o) -> { });
        tls("syncer.to.security", d -> d.toSecurity, false);
        String file = "file sink";
        String kafka = "kafka sink";
        String oracle = "oracle sink";
        toml("syncer.to.dir", Kind.STRING, Checks.unsupportedUnlessZero(file), (d, v, o) -> { });
        toml("syncer.to.retention-time", Kind.INT, Checks.unsupportedUnlessZero(file), (d, v, o) -> { });
        toml("syncer.to.zookeeper-addrs", Kind.STRING, Checks.unsupportedUnlessZero(kafka), (d, v, o) -> { });
        toml("syncer.to.kafka-addrs", Kind.STRING, Checks.unsupportedUnlessZero(kafka), (d, v, o) -> { });
        toml("syncer.to.kafka-version", Kind.STRING, Checks.unsupportedUnlessZero(kafka), (d, v, o) -> { });
        toml("syncer.to.kafka-max-messages", Kind.INT, Checks.unsupportedUnlessZero(kafka), (d, v, o) -> { });
        toml("syncer.to.kafka-client-id", Kind.STRING, Checks.unsupportedUnlessZero(kafka), (d, v, o) -> { });
        toml("syncer.to.kafka-max-message-size", Kind.INT, Checks.unsupportedUnlessZero(kafka), (d, v, o) -> { });
        toml("syncer.to.topic-name", Kind.STRING, Checks.unsupportedUnlessZero(kafka), (d, v, o) -> { });
        toml("syncer.to.oracle-service-name", Kind.STRING, Checks.unsupportedUnlessZero(oracle), (d, v, o) -> { });
        toml("syncer.to.oracle-connect-string", Kind.STRING, Checks.unsupportedUnlessZero(oracle), (d, v, o) -> { });

        // ---- [syncer.to.checkpoint] ----
        toml("syncer.to.checkpoint.type", Kind.STRING, Checks::checkpointType,
                (d, v, o) -> d.checkpointType = DbType.fromTomlName((String) v));
        toml("syncer.to.checkpoint.schema", Kind.STRING, Checks::none, (d, v, o) -> d.checkpointSchema = (String) v);
        toml("syncer.to.checkpoint.table", Kind.STRING, Checks::none, (d, v, o) -> d.checkpointTable = (String) v);
        toml("syncer.to.checkpoint.host", Kind.STRING, Checks::none, (d, v, o) -> d.checkpointHost = (String) v);
        toml("syncer.to.checkpoint.port", Kind.INT, Checks::port, (d, v, o) -> d.checkpointPort = (Integer) v);
        toml("syncer.to.checkpoint.user", Kind.STRING, Checks::none, (d, v, o) -> d.checkpointUser = (String) v);
        toml("syncer.to.checkpoint.password", Kind.STRING, Checks::none,
                (d, v, o) -> d.checkpointPassword = (String) v);
        toml("syncer.to.checkpoint.encrypted_password", Kind.STRING, Checks.alwaysRejected("encrypted_password is"
                + " not supported by this drainer; use password"), (d, v, o) -> { });
        tls("syncer.to.checkpoint.security", d -> d.checkpointSecurity, false);
        toml("syncer.to.checkpoint.oracle-service-name", Kind.STRING, Checks.unsupportedUnlessZero(oracle),
                (d, v, o) -> { });
        toml("syncer.to.checkpoint.oracle-connect-string", Kind.STRING, Checks.unsupportedUnlessZero(oracle),
                (d, v, o) -> { });
    }

    private Settings() {
    }

    static Setting byTomlKey(String dottedKey) {
        return BY_TOML.get(dottedKey);
    }

    static Setting byFlag(String flag) {
        return BY_FLAG.get(flag);
    }

    /** All settings in registry order (the order of spec §9.1). */
    static List<Setting> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** Every TOML key, for suggestions and documentation. */
    static Set<String> tomlKeys() {
        return Collections.unmodifiableSet(BY_TOML.keySet());
    }

    private static void tls(String section, Function<ConfigDraft, ConfigDraft.Tls> of,
                            boolean server) {
        toml(section + ".ssl-ca", Kind.STRING, Checks::none, (d, v, o) -> of.apply(d).sslCa = (String) v);
        toml(section + ".ssl-cert", Kind.STRING, Checks::none, (d, v, o) -> of.apply(d).sslCert = (String) v);
        toml(section + ".ssl-key", Kind.STRING, Checks::none, (d, v, o) -> of.apply(d).sslKey = (String) v);
        toml(section + ".cert-allowed-cn", Kind.STRING_LIST, server ? Checks::none : Checks::emptyCertAllowedCn,
                (d, v, o) -> of.apply(d).certAllowedCn = strings(v));
    }

    private static void toml(String key, Kind kind, Setting.Check check, Setting.Apply apply) {
        add(new Setting(key, null, kind, null, null, check, apply));
    }

    private static void both(String key, String flag, Kind kind, String flagDefault, String help,
                             Setting.Check check, Setting.Apply apply) {
        add(new Setting(key, flag, kind, flagDefault, help, check, apply));
    }

    private static void flagOnly(String flag, Kind kind, String flagDefault, String help, Setting.Apply apply) {
        flagOnly(flag, kind, flagDefault, help, Checks::none, apply);
    }

    private static void flagOnly(String flag, Kind kind, String flagDefault, String help, Setting.Check check,
                                 Setting.Apply apply) {
        add(new Setting(null, flag, kind, flagDefault, help, check, apply));
    }

    private static void add(Setting s) {
        ALL.add(s);
        if (s.tomlKey() != null) {
            BY_TOML.put(s.tomlKey(), s);
        }
        if (s.flag() != null) {
            BY_FLAG.put(s.flag(), s);
        }
    }

    private static String emptyArrayOnly(Object v) {
        if (!(v instanceof TomlArray a)) {
            return "expected an array of tables, found " + TomlValues.describe(v);
        }
        return a.isEmpty() ? null : "table migrate rules are not supported by this drainer; only [] is accepted";
    }

    private static String emptyTableOnly(Object v) {
        if (!(v instanceof TomlTable t)) {
            return "expected a table, found " + TomlValues.describe(v);
        }
        return t.isEmpty() ? null : "binlog filter rules are not supported by this drainer (found rule(s) "
                + String.join(", ", t.keySet()) + "); remove the section";
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object v) {
        return List.copyOf((List<String>) v);
    }

    @SuppressWarnings("unchecked")
    private static List<Long> longs(Object v) {
        return List.copyOf((List<Long>) v);
    }

    @SuppressWarnings("unchecked")
    private static List<TableName> tables(Object v) {
        return List.copyOf((List<TableName>) v);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> stringMap(Object v) {
        return Map.copyOf((Map<String, String>) v);
    }
}
