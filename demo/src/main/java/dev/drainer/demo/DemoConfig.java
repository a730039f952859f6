package dev.drainer.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code drainer.toml} the demo and the crash tests run with: a local downstream, a relay
 * directory with small files (so rotation and GC happen often), and a parallel loader.
 *
 * @param checkpointSchema a schema of its own per run, so runs never share a checkpoint row
 */
public record DemoConfig(String host, int port, String user, String password, Path relayDir, String checkpointSchema,
                         int workerCount, int txnBatch, long maxFileSize) {
    /**
     * What {@code drainer run} needs on top: its node id and port, PD, where a first run starts,
     * commit ts to skip ({@code ignore-txn-commit-ts}: the negative control loses a transaction on purpose),
     * and whether it replays the relay log itself when PD is unreachable at start-up ({@code auto-recover}).
     */
    public record Upstream(String nodeId, String pdUrls, int addrPort, long initialCommitTs, List<Long> ignoreTxnCommitTs,
                           boolean autoRecover) {
    }

    /** Writes the configuration of the relay log and loader alone to {@code file} and returns it. */
    public Path write(Path file) throws IOException {
        return write(file, List.of(), List.of(), List.of());
    }

    /** Writes the configuration for {@code drainer run} against {@code upstream} to {@code file} and returns it. */
    public Path writeForRun(Path file, Upstream upstream) throws IOException {
        List<String> top = List.of(
                "node-id = \"" + upstream.nodeId() + "\"",
                "addr = \"127.0.0.1:" + upstream.addrPort() + "\"",
                "pd-urls = \"" + upstream.pdUrls() + "\"",
                // Beside the relay log: the default (./data.drainer) would put the worst drain time in the working directory.
                "data-dir = \"" + relayDir.resolveSibling("data") + "\"",
                "detect-interval = 1",
                "initial-commit-ts = " + upstream.initialCommitTs());
        List<String> syncer = upstream.ignoreTxnCommitTs().isEmpty() ? List.of()
                : List.of("ignore-txn-commit-ts = [" + upstream.ignoreTxnCommitTs().stream().map(String::valueOf)
                        .collect(Collectors.joining(", ")) + "]");
        // Written only when off: the default stays the shipped one.
        List<String> relay = upstream.autoRecover() ? List.of() : List.of("auto-recover = false");
        return write(file, top, syncer, relay);
    }

    private Path write(Path file, List<String> top, List<String> syncer, List<String> relay) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# written by the drainer demo / crash tests");
        lines.addAll(top);
        lines.add("[syncer]");
        lines.add("worker-count = " + workerCount);
        lines.add("txn-batch = " + txnBatch);
        lines.addAll(syncer);
        lines.addAll(List.of(
                "",
                "[syncer.relay]",
                "log-dir = \"" + relayDir + "\"",
                "max-file-size = " + maxFileSize,
                "fsync = \"commit\""));
        lines.addAll(relay);
        lines.addAll(List.of(
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
        Files.writeString(file, String.join("\n", lines));
        return file;
    }
}
