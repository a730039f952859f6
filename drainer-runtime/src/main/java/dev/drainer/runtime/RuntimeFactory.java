package dev.drainer.runtime;

import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.checkpoint.MysqlEndpoint;
import dev.drainer.checkpoint.TlsFiles;
import dev.drainer.checkpoint.TlsMaterial;
import dev.drainer.config.DbEndpoint;
import dev.drainer.config.DrainerConfig;
import dev.drainer.config.TlsConfig;
import dev.drainer.pd.GrpcTls;
import dev.drainer.runtime.server.ListenerTls;
import dev.drainer.relay.FsyncPolicy;
import dev.drainer.relay.RelayOptions;
import dev.drainer.runtime.loader.LoaderOptions;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Builds the runtime's pieces (connections, checkpoint store, relay and loader options) from the config. */
public final class RuntimeFactory {
    private static final System.Logger LOG = System.getLogger(RuntimeFactory.class.getName());
    /** TiDB-only session variables the Go drainer sets when the server knows them (spec 8.1). */
    private static final List<String> OPTIONAL_SESSION_SQL = List.of(
            "SET SESSION allow_auto_random_explicit_insert = 1",
            "SET SESSION tidb_txn_mode = 'optimistic'",
            "SET SESSION tidb_placement_mode = 'ignore'");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private RuntimeFactory() {
    }

    /**
     * The loader's connections: sessions at UTC (relay TIMESTAMP values are UTC), the configured
     * sql_mode and [syncer.to.params], and the TiDB variables the server supports.
     */
    public static MysqlEndpoint loaderEndpoint(DrainerConfig cfg) throws SQLException {
        List<String> session = new ArrayList<>();
        session.add("SET SESSION time_zone = '+00:00'");
        cfg.syncer().sqlMode().ifPresent(m -> session.add("SET SESSION sql_mode = " + quote(m)));
        for (Map.Entry<String, String> p : cfg.syncer().to().params().entrySet()) {
            if (!p.getKey().matches("[A-Za-z0-9_]+")) {
                throw new IllegalArgumentException("[syncer.to.params] key '" + p.getKey() + "' is not a variable name");
            }
            session.add("SET SESSION " + p.getKey() + " = " + quote(p.getValue()));
        }
        MysqlEndpoint base = endpoint(cfg.syncer().to().endpoint(), "syncer.to.security", cfg.syncer().to().readTimeout(),
                session);
        List<String> supported = new ArrayList<>(session);
        try (Connection c = base.open(); Statement s = c.createStatement()) {
            for (String sql : OPTIONAL_SESSION_SQL) {
                try {
                    s.execute(sql);
                    supported.add(sql);
                } catch (SQLException e) {
                    LOG.log(System.Logger.Level.DEBUG, "session variable not supported sql=\"{0}\" cause={1}", sql, e.getMessage());
                }
            }
        }
        return base.withSessionSql(supported);
    }

    /** The checkpoint table, in the [syncer.to] database or, with a checkpoint type, in its own. */
    public static CheckpointStore checkpointStore(DrainerConfig cfg) {
        String section = cfg.syncer().to().checkpoint().type().isPresent() ? "syncer.to.checkpoint.security"
                : "syncer.to.security";
        MysqlEndpoint ep = endpoint(cfg.checkpointEndpoint(), section, cfg.syncer().to().readTimeout(), List.of());
        return new CheckpointStore(ep, cfg.syncer().to().checkpoint().schema(), cfg.syncer().to().checkpoint().table());
    }

    public static LoaderOptions loaderOptions(DrainerConfig cfg, Consumer<String> probe) {
        return LoaderOptions.of(cfg.syncer().workerCount(), cfg.syncer().txnBatch(), cfg.syncer().enableDispatch(),
                cfg.syncer().enableDetect()).withProbe(probe);
    }

    public static RelayOptions relayOptions(DrainerConfig cfg, Consumer<String> probe) {
        return RelayOptions.builder()
                .maxFileSize(cfg.syncer().relay().maxFileSize())
                .fsyncPolicy(cfg.syncer().relay().fsync() == dev.drainer.config.RelayFsync.OFF ? FsyncPolicy.OFF : FsyncPolicy.COMMIT)
                .lockTimeout(cfg.syncer().relay().lockTimeout())
                .probe(probe)
                .build();
    }

    /**
     * The {@code [security]} TLS of the drainer's gRPC connections (PD, its etcd, TiKV, pumps), its files read
     * once as the Go drainer does; empty without {@code ssl-ca}.
     *
     * @throws IllegalArgumentException a file is unreadable or not what its key needs (message names both)
     */
    public static Optional<GrpcTls> grpcTls(TlsConfig security) {
        try {
            return TlsFiles.fromConfig(security.sslCa(), security.sslCert(), security.sslKey()).map(files -> {
                TlsMaterial m = TlsMaterial.read(files);
                return GrpcTls.of(m.trustManagers(), m.keyManagers(), m.describe());
            });
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("[security] " + e.getMessage(), e);
        }
    }

    /**
     * The TLS of the drainer's own port ({@code addr}) from {@code [security]}: {@code ssl-cert}/{@code ssl-key}
     * as the server certificate, client certificates required and verified against {@code ssl-ca}, and
     * {@code cert-allowed-cn} enforced; empty without {@code ssl-ca}.
     *
     * @throws IllegalArgumentException a file is unreadable, or ssl-cert is missing (message names the key)
     */
    public static Optional<ListenerTls> listenerTls(TlsConfig security) {
        try {
            return TlsFiles.fromConfig(security.sslCa(), security.sslCert(), security.sslKey())
                    .map(files -> ListenerTls.of(TlsMaterial.read(files), security.certAllowedCn()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("[security] " + e.getMessage(), e);
        }
    }

    /** @param section the [security] section of {@code ep}, named in errors about its files */
    private static MysqlEndpoint endpoint(DbEndpoint ep, String section, Duration readTimeout, List<String> session) {
        MysqlEndpoint plain = new MysqlEndpoint(ep.host(), ep.port(), ep.user(), ep.password().reveal(),
                CONNECT_TIMEOUT, readTimeout, session);
        try {
            Optional<TlsFiles> tls = TlsFiles.fromConfig(ep.tls().sslCa(), ep.tls().sslCert(), ep.tls().sslKey());
            return tls.isPresent() ? plain.withTls(tls.get()) : plain;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("[" + section + "] " + e.getMessage(), e);
        }
    }

    private static String quote(String v) {
        return "'" + v.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
