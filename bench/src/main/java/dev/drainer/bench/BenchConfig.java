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
        String toml = String.join("\n",
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
        return ConfigLoader.parseToml(toml, "bench", Map.of());
    }

    /** A TOML basic string. */
    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
