package dev.drainer.config;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The complete, validated drainer configuration (drainer.toml + environment + flags), with every default
 * and derived value resolved. {@code addr}/{@code advertiseAddr} are {@code host:port} without a scheme.
 * {@code metricsAddr}, {@code metricsInterval} and {@code cacheBinlogCount} exist only as flags.
 */
public record DrainerConfig(String logLevel, String nodeId, String addr, String advertiseAddr, String dataDir,
                            int detectInterval, String pdUrls, String logFile, long initialCommitTs,
                            int syncedCheckTime, String compressor, TlsConfig security, String metricsAddr,
                            int metricsInterval, int cacheBinlogCount, SyncerConfig syncer) {
    public DrainerConfig {
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(addr, "addr");
        Objects.requireNonNull(advertiseAddr, "advertiseAddr");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(pdUrls, "pdUrls");
        Objects.requireNonNull(logFile, "logFile");
        Objects.requireNonNull(compressor, "compressor");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(metricsAddr, "metricsAddr");
        Objects.requireNonNull(syncer, "syncer");
    }

    /** pd-urls split on commas (already validated as http(s)://host:port). */
    public List<String> pdUrlList() {
        return Arrays.stream(pdUrls.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The checkpoint backend: {@code [syncer.to.checkpoint] type}, or db-type when that is empty. */
    public DbType checkpointType() {
        return syncer.to().checkpoint().type().orElse(syncer.dbType());
    }

    /** Where the checkpoint table lives: the checkpoint section if it has a type, else {@code [syncer.to]}. */
    public DbEndpoint checkpointEndpoint() {
        CheckpointConfig cp = syncer.to().checkpoint();
        if (cp.type().isEmpty()) {
            return syncer.to().endpoint();
        }
        return new DbEndpoint(cp.host(), cp.port(), cp.user(), cp.password(), cp.security());
    }
}
