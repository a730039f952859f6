package dev.drainer.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.tomlj.Toml;

/**
 * Renders a {@link DrainerConfig} as drainer.toml (e.g. for the operator's ConfigMap) such that parsing the
 * result with the same environment and host gives an equal config.
 *
 * <p>Every supported key is written with its value, defaults included, so the file is explicit and does not
 * depend on the defaults of the drainer version reading it. Exceptions: passwords are never written (use
 * {@code password-file} or {@code MYSQL_PSWD}); node-id, addr and advertise-addr are written only when they
 * differ from what would be derived (so every pod derives its own); sql-mode only when set; checkpoint
 * connection keys only when the checkpoint has a type; rejected keys never. Flag-only values are not TOML
 * keys: see {@link #flagArgs}.
 */
public final class ConfigRenderer {
    private final StringBuilder out = new StringBuilder();

    private ConfigRenderer() {
    }

    /** drainer.toml for this config, deriving node-id/addr defaults against this host. */
    public static String render(DrainerConfig c) {
        return render(c, HostInfo.system());
    }

    /** drainer.toml for this config, with injected host facts for the derived keys. */
    public static String render(DrainerConfig c, HostInfo host) {
        return new ConfigRenderer().write(c, host);
    }

    /** Flags for the flag-only values that differ from their defaults (metrics-addr, metrics-interval, ...). */
    public static List<String> flagArgs(DrainerConfig c) {
        List<String> args = new ArrayList<>();
        if (!c.metricsAddr().isEmpty()) {
            args.add("-metrics-addr=" + c.metricsAddr());
        }
        if (c.metricsInterval() != Defaults.METRICS_INTERVAL) {
            args.add("-metrics-interval=" + c.metricsInterval());
        }
        if (c.cacheBinlogCount() != Defaults.CACHE_BINLOG_COUNT) {
            args.add("-cache-binlog-count=" + c.cacheBinlogCount());
        }
        return args;
    }

    private String write(DrainerConfig c, HostInfo host) {
        out.append("# drainer.toml rendered by dev.drainer.config.ConfigRenderer; passwords are never rendered.\n");
        kv("log-level", c.logLevel());
        String derivedAddr = host.defaultIPv4() + ":" + Defaults.LISTEN_PORT;
        if (!c.nodeId().equals(host.hostname() + ":" + HostPort.port(c.addr()))) {
            kv("node-id", c.nodeId());
        }
        if (!c.addr().equals(derivedAddr)) {
            kv("addr", c.addr());
        }
        if (!c.advertiseAddr().equals(c.addr())) {
            kv("advertise-addr", c.advertiseAddr());
        }
        kv("data-dir", c.dataDir());
        kv("detect-interval", c.detectInterval());
        kv("pd-urls", c.pdUrls());
        kv("log-file", c.logFile());
        kv("initial-commit-ts", c.initialCommitTs());
        kv("synced-check-time", c.syncedCheckTime());
        kv("compressor", c.compressor());
        tls("security", c.security(), true);

        SyncerConfig s = c.syncer();
        table("syncer");
        s.sqlMode().ifPresent(m -> kv("sql-mode", m));
        raw("ignore-txn-commit-ts", s.ignoreTxnCommitTs().stream().map(String::valueOf)
                .collect(Collectors.joining(", ", "[", "]")));
        kv("ignore-schemas", s.ignoreSchemas());
        raw("ignore-table", tables(s.ignoreTables()));
        kv("replicate-do-db", s.replicateDoDbs());
        raw("replicate-do-table", tables(s.replicateDoTables()));
        kv("txn-batch", s.txnBatch());
        kv("worker-count", s.workerCount());
        kv("channel-id", s.channelId());
        kv("sync-ddl", s.syncDdl());
        kv("db-type", s.dbType().tomlName());
        kv("safe-mode", s.safeMode());
        kv("enable-dispatch", s.enableDispatch());
        kv("enable-detect", s.enableDetect());
        kv("case-sensitive", s.caseSensitive());

        RelayConfig r = s.relay();
        table("syncer.relay");
        kv("log-dir", r.logDir());
        kv("max-file-size", r.maxFileSize());
        out.append("# extension keys of this drainer\n");
        kv("fsync", r.fsync().tomlName());
        kv("lock-timeout", GoDuration.format(r.lockTimeout()));
        kv("legacy-time-zone", r.legacyTimeZone());
        kv("auto-recover", r.autoRecover());

        DestinationConfig to = s.to();
        table("syncer.to");
        kv("host", to.host());
        kv("port", to.port());
        kv("user", to.user());
        if (!to.passwordFile().isEmpty()) {
            kv("password-file", to.passwordFile());
        }
        kv("read-timeout", GoDuration.format(to.readTimeout()));
        table("syncer.to.params");
        for (Map.Entry<String, String> p : to.params().entrySet()) {
            kv(TomlValues.quoteKey(p.getKey()), p.getValue());
        }
        tls("syncer.to.security", to.security(), false);

        CheckpointConfig cp = to.checkpoint();
        table("syncer.to.checkpoint");
        kv("type", cp.type().map(DbType::tomlName).orElse(""));
        kv("schema", cp.schema());
        kv("table", cp.table());
        if (cp.type().isPresent()) {
            kv("host", cp.host());
            kv("port", cp.port());
            kv("user", cp.user());
            tls("syncer.to.checkpoint.security", cp.security(), false);
        }
        return out.toString();
    }

    private void tls(String section, TlsConfig tls, boolean withCn) {
        table(section);
        kv("ssl-ca", tls.sslCa());
        kv("ssl-cert", tls.sslCert());
        kv("ssl-key", tls.sslKey());
        if (withCn) {
            kv("cert-allowed-cn", tls.certAllowedCn());
        }
    }

    private void table(String name) {
        out.append('\n').append('[').append(name).append("]\n");
    }

    private void kv(String key, String value) {
        raw(key, quote(value));
    }

    private void kv(String key, long value) {
        raw(key, Long.toString(value));
    }

    private void kv(String key, boolean value) {
        raw(key, Boolean.toString(value));
    }

    private void kv(String key, List<String> values) {
        raw(key, values.stream().map(ConfigRenderer::quote).collect(Collectors.joining(", ", "[", "]")));
    }

    private void raw(String key, String tomlValue) {
        out.append(key).append(" = ").append(tomlValue).append('\n');
    }

    private static String tables(List<TableName> names) {
        return names.stream().map(t -> "{db-name = " + quote(t.schema()) + ", tbl-name = " + quote(t.table()) + "}")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String quote(String s) {
        return "\"" + Toml.tomlEscape(s) + "\"";
    }
}
