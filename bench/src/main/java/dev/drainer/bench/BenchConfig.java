package dev.drainer.bench;

import dev.drainer.config.ConfigLoader;
import dev.drainer.config.DrainerConfig;
import java.nio.file.Path;
import java.util.Map;

/** The {@code drainer.toml} of one bench phase, parsed by the drainer's own configuration loader. */
final class BenchConfig {
    private BenchConfig() {
    }

    /** The drainer's defaults, where the bench takes worker-count and txn-batch from. */
    static DrainerConfig defaults() {
        return ConfigLoader.parseToml("", "defaults", Map.of());
    }

    /**
     * @param relayDir null: relay log off
     * @param fsync    {@code commit} or {@code off} (ignored without relay)
     */
    static DrainerConfig of(Downstream db, int workers, int txnBatch, String checkpointSchema, Path relayDir,
                            String fsync) {
        return ConfigLoader.parseToml(syncerToml(db, workers, txnBatch, checkpointSchema, relayDir, fsync), "bench",
                Map.of());
    }

    /**
     * The {@code drainer.toml} of a {@code drainer run} against a simulated upstream: {@link #of}'s
     * tables after the run's own keys. The drainer starts above {@code initialCommitTs}.
     */
    static String runToml(String pdUrl, int port, Path dataDir, long initialCommitTs, Downstream db, int workers,
                          int txnBatch, String checkpointSchema, Path relayDir) {
        return String.join("\n",
                "node-id = \"drainer-bench\"",
                "addr = \"127.0.0.1:" + port + "\"",
                "pd-urls = " + quote(pdUrl),
                "data-dir = " + quote(dataDir.toString()),
                "initial-commit-ts = " + initialCommitTs,
                "detect-interval = 1",
                "log-level = \"info\"",
                syncerToml(db, workers, txnBatch, checkpointSchema, relayDir, "commit"));
    }

    private static String syncerToml(Downstream db, int workers, int txnBatch, String checkpointSchema, Path relayDir,
                                     String fsync) {
        return String.join("\n",
                "[syncer]",
                "worker-count = " + workers,
                "txn-batch = " + txnBatch,
                "[syncer.relay]",
                "log-dir = " + quote(relayDir == null ? "" : relayDir.toString()),
                "fsync = " + quote(fsync),
                "[syncer.to]",
                "host = " + quote(db.host()),
                "port = " + db.port(),
                "user = " + quote(db.user()),
                "password = " + quote(db.password()),
                "[syncer.to.checkpoint]",
                "schema = " + quote(checkpointSchema),
                "");
    }

    /** A TOML basic string. */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
