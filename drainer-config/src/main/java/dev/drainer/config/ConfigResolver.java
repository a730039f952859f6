package dev.drainer.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a filled draft into records: upstream {@code adjustConfig} (derived defaults, env defaults of
 * [syncer.to], dispatch precedence) plus the checks that involve more than one key.
 */
final class ConfigResolver {
    private final Map<String, String> env;
    private final HostInfo host;
    private final Problems problems;

    ConfigResolver(Map<String, String> env, HostInfo host, Problems problems) {
        this.env = env;
        this.host = host;
        this.problems = problems;
    }

    DrainerConfig resolve(ConfigDraft d) {
        String addr = d.addr.isEmpty() ? host.defaultIPv4() + ":" + Defaults.LISTEN_PORT : d.addr;
        String advertiseAddr = d.advertiseAddr.isEmpty() ? addr : d.advertiseAddr;
        if (d.advertiseAddr.isEmpty() && HostPort.isUnspecified(HostPort.split(addr)[0])) {
            problems.add(origin(d, "addr"), "the host of " + Checks.show(addr) + " is unspecified, so it cannot be"
                    + " registered for pumps to reach; set advertise-addr");
        }
        String nodeId = d.nodeId.isEmpty() ? host.hostname() + ":" + HostPort.port(addr) : d.nodeId;

        boolean dispatch = precedence(d.flagDisableDispatch, d.tomlDisableDispatch, d.flagEnableDispatch,
                d.tomlEnableDispatch);
        boolean detect = precedence(d.flagDisableDetect, d.tomlDisableDetect, d.flagEnableDetect,
                d.tomlEnableDetect);
        RelayConfig relay = new RelayConfig(d.relayLogDir,
                d.relayMaxFileSize <= 0 ? Defaults.RELAY_MAX_FILE_SIZE : d.relayMaxFileSize,
                d.relayFsync, d.relayLockTimeout, d.relayLegacyTimeZone, d.relayAutoRecover);
        SyncerConfig syncer = new SyncerConfig(Optional.ofNullable(d.sqlMode), d.ignoreTxnCommitTs, d.ignoreSchemas,
                d.ignoreTables, d.replicateDoDbs, d.replicateDoTables, d.txnBatch,
                dispatch ? d.workerCount : 1, // without dispatch one upstream txn = one downstream txn: one worker
                d.channelId, d.syncDdl, d.dbType, d.safeMode, dispatch, detect, d.caseSensitive, relay,
                destination(d));

        checkTls(d, "security", d.security);
        return new DrainerConfig(d.logLevel, nodeId, addr, advertiseAddr, d.dataDir,
                d.detectInterval == 0 ? Defaults.DETECT_INTERVAL : d.detectInterval, d.pdUrls, d.logFile,
                d.initialCommitTs, d.syncedCheckTime, d.compressor, d.security.build(), d.metricsAddr,
                d.metricsInterval, d.cacheBinlogCount, syncer);
    }

    /** Spec §9.1: -disable-* flag > disable-* toml > -enable-* flag > enable-* toml > true. */
    static boolean precedence(Boolean flagDisable, Boolean tomlDisable, Boolean flagEnable, Boolean tomlEnable) {
        if (flagDisable != null) {
            return !flagDisable;
        }
        if (tomlDisable != null) {
            return !tomlDisable;
        }
        if (flagEnable != null) {
            return flagEnable;
        }
        return tomlEnable == null || tomlEnable;
    }

    private DestinationConfig destination(ConfigDraft d) {
        String toHost = d.toHost.isEmpty() ? envOr("MYSQL_HOST", Defaults.TO_HOST) : d.toHost;
        int toPort = d.toPort == 0 ? envPort() : d.toPort;
        String toUser = d.toUser.isEmpty() ? envOr("MYSQL_USER", Defaults.TO_USER) : d.toUser;
        checkTls(d, "syncer.to.security", d.toSecurity);
        return new DestinationConfig(toHost, toPort, toUser, password(d), d.toPasswordFile, d.toReadTimeout,
                d.toParams, d.toSecurity.build(), checkpoint(d));
    }

    /** Upstream: a non-empty password wins, else $MYSQL_PSWD; our password-file sits between the two. */
    private Secret password(ConfigDraft d) {
        if (!d.toPasswordFile.isEmpty()) {
            if (d.toPassword != null) {
                problems.add(origin(d, "syncer.to.password-file"), "cannot be combined with syncer.to.password ("
                        + origin(d, "syncer.to.password") + "); set only one of them");
                return Secret.EMPTY;
            }
            try {
                String text = Files.readString(Path.of(d.toPasswordFile), StandardCharsets.UTF_8);
                return Secret.of(stripTrailingNewlines(text));
            } catch (IOException | RuntimeException e) {
                problems.add(origin(d, "syncer.to.password-file"), "cannot read password file "
                        + Checks.show(d.toPasswordFile) + ": " + e);
                return Secret.EMPTY;
            }
        }
        if (d.toPassword != null && !d.toPassword.isEmpty()) {
            return Secret.of(d.toPassword);
        }
        return Secret.of(env.getOrDefault("MYSQL_PSWD", ""));
    }

    private CheckpointConfig checkpoint(ConfigDraft d) {
        String schema = d.checkpointSchema.isEmpty() ? Defaults.CHECKPOINT_SCHEMA : d.checkpointSchema;
        String table = d.checkpointTable.isEmpty() ? Defaults.CHECKPOINT_TABLE : d.checkpointTable;
        if (d.checkpointType == null) {
            // Upstream silently ignores these without a type; we refuse rather than ignore them.
            for (String key : List.of("host", "port", "user", "password", "security.ssl-ca", "security.ssl-cert",
                    "security.ssl-key", "security.cert-allowed-cn")) {
                String full = "syncer.to.checkpoint." + key;
                Origin o = d.origins.get(full);
                if (o != null && !isNeutral(d, key)) {
                    problems.add(o, "only used when syncer.to.checkpoint.type is set; without a type the checkpoint"
                            + " is kept in the [syncer.to] database");
                }
            }
            return new CheckpointConfig(Optional.empty(), schema, table, "", 0, "", Secret.EMPTY, TlsConfig.NONE);
        }
        checkTls(d, "syncer.to.checkpoint.security", d.checkpointSecurity);
        return new CheckpointConfig(Optional.of(d.checkpointType), schema, table,
                d.checkpointHost.isEmpty() ? Defaults.CHECKPOINT_HOST : d.checkpointHost,
                d.checkpointPort == 0 ? Defaults.CHECKPOINT_PORT : d.checkpointPort,
                d.checkpointUser.isEmpty() ? Defaults.CHECKPOINT_USER : d.checkpointUser,
                Secret.of(d.checkpointPassword), d.checkpointSecurity.build());
    }

    private static boolean isNeutral(ConfigDraft d, String key) {
        return switch (key) {
            case "host" -> d.checkpointHost.isEmpty();
            case "port" -> d.checkpointPort == 0;
            case "user" -> d.checkpointUser.isEmpty();
            case "password" -> d.checkpointPassword.isEmpty();
            default -> d.checkpointSecurity.isEmpty();
        };
    }

    /** Upstream builds TLS only when ssl-ca is set, so cert/key/CN without it would be silently ignored. */
    private void checkTls(ConfigDraft d, String section, ConfigDraft.Tls tls) {
        if (tls.sslCa.isEmpty()) {
            for (String key : List.of("ssl-cert", "ssl-key", "cert-allowed-cn")) {
                Origin o = d.origins.get(section + "." + key);
                boolean set = key.equals("cert-allowed-cn") ? !tls.certAllowedCn.isEmpty()
                        : !(key.equals("ssl-cert") ? tls.sslCert : tls.sslKey).isEmpty();
                if (o != null && set) {
                    problems.add(o, "requires " + section + ".ssl-ca (TLS is only enabled when ssl-ca is set)");
                }
            }
        } else if (tls.sslCert.isEmpty() != tls.sslKey.isEmpty()) {
            String missing = tls.sslCert.isEmpty() ? "ssl-cert" : "ssl-key";
            String present = tls.sslCert.isEmpty() ? "ssl-key" : "ssl-cert";
            problems.add(d.origins.get(section + "." + present), "requires " + section + "." + missing
                    + " as well (a client certificate needs both)");
        }
    }

    private String envOr(String variable, String fallback) {
        String v = env.get(variable);
        return v == null || v.isEmpty() ? fallback : v;
    }

    private int envPort() {
        String v = env.get("MYSQL_PORT");
        if (v == null || v.isEmpty()) {
            return Defaults.TO_PORT;
        }
        try {
            int p = Integer.parseInt(v.trim());
            if (p > 0 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add(Origin.env("MYSQL_PORT", null), "invalid port " + Checks.show(v)
                + "; expected a number from 1 to 65535");
        return Defaults.TO_PORT;
    }

    private static Origin origin(ConfigDraft d, String key) {
        Origin o = d.origins.get(key);
        return o != null ? o : Origin.byDefault(key);
    }

    static String stripTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == '\n' || s.charAt(end - 1) == '\r')) {
            end--;
        }
        return s.substring(0, end);
    }
}
