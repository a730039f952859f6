package dev.drainer.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code drainer.toml} the demo and the crash tests run with: a local downstream, a relay
 * directory with small files (so rotation and GC happen often), and a parallel loader.
 *
 * @param checkpointSchema a schema of its own per run, so runs never share a checkpoint row
 */
public record DemoConfig(String host, int port, String user, String password, Path relayDir, String checkpointSchema,
                         int workerCount, int txnBatch, long maxFileSize) {
    /** Writes the configuration to {@code file} and returns it. */
    public Path write(Path file) throws IOException {
        Files.writeString(file, String.join("\n",
                "# written by the drainer demo / crash tests",
                "[syncer]",
                "worker-count = " + workerCount,
                "txn-batch = " + txnBatch,
                "",
                "[syncer.relay]",
                "log-dir = \"" + relayDir + "\"",
                "max-file-size = " + maxFileSize,
                "fsync = \"commit\"",
                "",
                "[syncer.to]",
                "host = \"" + host + "\"",
                "port = " + port,
                "user = \"" + user + "\"",
                "password = \"" + password + "\"",
                "",
                "[syncer.to.checkpoint]",
                "schema = \"" + checkpointSchema + "\"",
                ""));
        return file;
    }
}
