package dev.drainer.operator.render;

import dev.drainer.config.CheckpointConfig;
import dev.drainer.config.ConfigLoader;
import dev.drainer.config.ConfigRenderer;
import dev.drainer.config.DestinationConfig;
import dev.drainer.config.DrainerConfig;
import dev.drainer.config.HostInfo;
import dev.drainer.config.RelayConfig;
import dev.drainer.config.Secret;
import dev.drainer.config.SyncerConfig;
import dev.drainer.config.TableName;
import dev.drainer.config.TlsConfig;
import dev.drainer.operator.api.DrainerSpec;
import dev.drainer.operator.api.TableRef;
import dev.drainer.operator.api.TlsSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a Drainer spec into the drainer's {@link DrainerConfig} and its drainer.toml: the raw {@code spec.config}
 * gives the keys without a typed field, the typed fields and the operator's pod layout give the rest.
 * {@code auto-recover} is always false: in Kubernetes only the operator's recovery Job recovers.
 */
public final class DrainerToml {
    public static final String FILE = "drainer.toml";
    public static final String CONFIG_DIR = "/etc/drainer";
    public static final String RELAY_DIR = "/var/lib/drainer/relay";
    public static final String DATA_DIR = "/var/lib/drainer/data";
    public static final String PD_TLS_DIR = "/etc/drainer/tls/pd";
    public static final String DOWNSTREAM_TLS_DIR = "/etc/drainer/tls/downstream";
    /**
     * Host facts no pod has, so the renderer always writes node-id and addr instead of leaving them to be derived
     * from the pod's own hostname and address.
     */
    public static final HostInfo NO_HOST = new HostInfo("", "");
    /** For parsing spec.config alone: its identity keys are rejected as conflicts and never used. */
    private static final HostInfo RAW_HOST = new HostInfo("spec-config", "127.0.0.1");

    private DrainerToml() {
    }

    /** The configuration; throws {@link dev.drainer.config.ConfigException} when {@code spec.config} is invalid. */
    public static DrainerConfig config(DrainerSpec spec, Names names) {
        DrainerConfig base = ConfigLoader.parseToml(spec.config == null ? "" : spec.config, "spec.config", Map.of(),
                RAW_HOST);
        SyncerConfig bs = base.syncer();
        RelayConfig br = bs.relay();
        RelayConfig relay = new RelayConfig(spec.relayLog.enabled ? RELAY_DIR : "", spec.relayLog.maxFileSize,
                br.fsync(), br.lockTimeout(), br.legacyTimeZone(), false);
        CheckpointConfig checkpoint = new CheckpointConfig(Optional.empty(), spec.checkpoint.schema,
                spec.checkpoint.table, "", 0, "", Secret.EMPTY, TlsConfig.NONE);
        DestinationConfig to = new DestinationConfig(spec.downstream.host, spec.downstream.port, spec.downstream.user,
                Secret.EMPTY, "", bs.to().readTimeout(), bs.to().params(), tls(spec.downstream.tls, DOWNSTREAM_TLS_DIR),
                checkpoint);
        SyncerConfig syncer = new SyncerConfig(bs.sqlMode(), bs.ignoreTxnCommitTs(),
                String.join(",", spec.syncer.ignoreSchemas), tables(spec.syncer.ignoreTables),
                spec.syncer.replicateDoDbs, tables(spec.syncer.replicateDoTables), spec.syncer.txnBatch,
                spec.syncer.workerCount, bs.channelId(), bs.syncDdl(), spec.downstream.type.dbType(),
                spec.syncer.safeMode, bs.enableDispatch(), bs.enableDetect(), bs.caseSensitive(), relay, to);
        return new DrainerConfig(base.logLevel(), names.nodeId(), "0.0.0.0:" + Names.PORT, names.advertiseAddr(),
                DATA_DIR, base.detectInterval(), String.join(",", spec.pd.endpoints), base.logFile(),
                spec.initialCommitTS, base.syncedCheckTime(), base.compressor(), tls(spec.pd.tls, PD_TLS_DIR),
                base.metricsAddr(), base.metricsInterval(), base.cacheBinlogCount(), syncer);
    }

    /** drainer.toml text of a configuration built by {@link #config}. */
    public static String render(DrainerConfig config) {
        return ConfigRenderer.render(config, NO_HOST);
    }

    /** The file paths of a mounted TLS Secret, as [security]-style settings. */
    static TlsConfig tls(TlsSpec tls, String dir) {
        if (tls == null) {
            return TlsConfig.NONE;
        }
        return new TlsConfig(path(dir, tls.caKey), path(dir, tls.certKey), path(dir, tls.keyKey), List.of());
    }

    private static String path(String dir, String key) {
        return key == null || key.isEmpty() ? "" : dir + "/" + key;
    }

    private static List<TableName> tables(List<TableRef> refs) {
        return refs.stream().map(t -> new TableName(t.schema, t.table)).toList();
    }
}
