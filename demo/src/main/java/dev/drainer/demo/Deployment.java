package dev.drainer.demo;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointException;
import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.checkpoint.MysqlEndpoint;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.downstream.ComparisonResult;
import dev.drainer.testkit.downstream.DownstreamReader;
import dev.drainer.testkit.downstream.StateComparator;
import dev.drainer.testkit.process.ChildJvm;
import dev.drainer.testkit.process.CrashPointResult;
import dev.drainer.testkit.workload.DatabaseState;
import dev.drainer.testkit.workload.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One drainer deployment under test: its work directory ({@code drainer.toml}, relay log, child
 * logs), the downstream schema and checkpoint row of one cluster id, and the workload oracle that
 * judges them. The crash scenarios build on it.
 */
public final class Deployment {
    private final MariaDb db;
    private final Path dir;
    private final Workload workload;
    private final String checkpointSchema;
    private final long clusterId;

    /** A deployment in {@code dir} whose drainer writes {@code workload}'s tables and checkpoint row {@code clusterId}. */
    public Deployment(MariaDb db, Path dir, Workload workload, String checkpointSchema, long clusterId) {
        this.db = db;
        this.dir = dir;
        this.workload = workload;
        this.checkpointSchema = checkpointSchema;
        this.clusterId = clusterId;
    }

    public MariaDb db() {
        return db;
    }

    public Path dir() {
        return dir;
    }

    public Workload workload() {
        return workload;
    }

    public String checkpointSchema() {
        return checkpointSchema;
    }

    public long clusterId() {
        return clusterId;
    }

    public Path config() {
        return dir.resolve("drainer.toml");
    }

    public Path relayDir() {
        return dir.resolve("relay");
    }

    /** Runs {@code mainClass} with {@code recover -config <toml>} (and a crash point when {@code point} is set). */
    public Run recover(String mainClass, String point, int n, Duration timeout) throws IOException, InterruptedException {
        ChildJvm.Builder b = ChildJvm.builder(mainClass).args("recover", "-config", config().toString())
                .outputFile(dir.resolve("recover-" + System.nanoTime() + ".log"));
        if (point != null) {
            b.crashPoint(point, n);
        }
        try (ChildJvm child = b.start()) {
            if (point != null) {
                CrashPointResult r = child.killAtCrashPoint(timeout);
                return new Run(r.exitCode(), r.reached(), child.output());
            }
            int code = child.awaitExit(timeout);
            return new Run(code, false, child.output());
        }
    }

    /** How a child run ended. */
    public record Run(int exitCode, boolean killed, List<String> output) {
    }

    /** The last lines of the child log {@code name} in the work directory, for failure messages. */
    public String logTail(String name, int lines) throws IOException {
        Path log = dir.resolve(name);
        if (!Files.exists(log)) {
            return "(no " + name + ")";
        }
        List<String> all = Files.readAllLines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** The downstream contents of the workload's tables now. */
    public DatabaseState downstream() throws SQLException {
        try (Connection c = db.connect(workload.schema())) {
            return DownstreamReader.read(c, workload);
        }
    }

    /** The deployment's checkpoint row, if written. */
    public Optional<Checkpoint> checkpoint() throws CheckpointException {
        try (CheckpointStore store = new CheckpointStore(new MysqlEndpoint(db.host(), db.port(), db.user(), db.password(),
                Duration.ofSeconds(5), Duration.ofSeconds(30), List.of()), checkpointSchema, "checkpoint")) {
            return store.load(clusterId);
        }
    }

    /** The oracle's verdict on the downstream: equal to the workload's state at {@code commitTs}? */
    public ComparisonResult compareAt(long commitTs) throws SQLException {
        return StateComparator.compare(workload.oracle().expectedAt(commitTs), downstream());
    }

    /** Every upstream snapshot the downstream equals now (empty: it is torn). */
    public List<Long> matchingSnapshots() throws SQLException {
        return new ArrayList<>(workload.oracle().matchingSnapshots(downstream()));
    }
}
