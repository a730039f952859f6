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
 * One crash-and-recover run against a real downstream: apply a generated workload in a child JVM,
 * kill -9 it at a chosen point, look at the torn downstream, run {@code drainer recover} in a fresh
 * JVM and compare the result with the workload's oracle at the checkpoint's commit ts. The demo
 * tells this story once; the crash-consistency tests run it at many points.
 */
public final class CrashScenario {
    /** The cluster id the scenario's checkpoint row is keyed by. */
    public static final long CLUSTER_ID = 6_998_437_254_455_456_769L;

    private final MariaDb db;
    private final Path dir;
    private final Workload workload;
    private final long seed;
    private final int transactions;
    private final String checkpointSchema;
    private final Path config;

    private CrashScenario(MariaDb db, Path dir, long seed, int transactions, int workers, int txnBatch, long maxFileSize)
            throws IOException {
        this.db = db;
        this.dir = dir;
        this.seed = seed;
        this.transactions = transactions;
        String schema = db.createDatabase("wl");
        this.checkpointSchema = db.createDatabase("cp");
        this.workload = Workload.generate(WorkloadApplier.spec(seed, schema, transactions));
        Files.createDirectories(dir);
        this.config = new DemoConfig(db.host(), db.port(), db.user(), db.password(), dir.resolve("relay"),
                checkpointSchema, workers, txnBatch, maxFileSize).write(dir.resolve("drainer.toml"));
    }

    /** A fresh scenario: its own workload schema, checkpoint schema and relay directory under {@code dir}. */
    public static CrashScenario create(MariaDb db, Path dir, long seed, int transactions, int workers, int txnBatch,
                                       long maxFileSize) throws IOException {
        return new CrashScenario(db, dir, seed, transactions, workers, txnBatch, maxFileSize);
    }

    public Workload workload() {
        return workload;
    }

    public Path config() {
        return config;
    }

    public Path relayDir() {
        return dir.resolve("relay");
    }

    /** Runs the applier until it reaches {@code point} for the {@code n}-th time, then kills it with SIGKILL. */
    public CrashPointResult applyAndKill(String point, int n, Duration timeout) throws IOException, InterruptedException {
        try (ChildJvm child = ChildJvm.builder(WorkloadApplier.class)
                .args(config.toString(), Long.toString(seed), workload.schema(), Integer.toString(transactions),
                        Long.toUnsignedString(CLUSTER_ID))
                .crashPoint(point, n)
                .outputFile(dir.resolve("applier.log"))
                .start()) {
            return child.killAtCrashPoint(timeout);
        }
    }

    /** The last lines the applier printed, for failure messages. */
    public String applierLogTail(int lines) throws IOException {
        Path log = dir.resolve("applier.log");
        if (!Files.exists(log)) {
            return "(no applier log)";
        }
        List<String> all = Files.readAllLines(log);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Runs {@code mainClass} with {@code recover -config <toml>} (and a crash point when {@code point} is set). */
    public Run recover(String mainClass, String point, int n, Duration timeout) throws IOException, InterruptedException {
        ChildJvm.Builder b = ChildJvm.builder(mainClass).args("recover", "-config", config.toString())
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

    /** The downstream contents of the workload's tables now. */
    public DatabaseState downstream() throws SQLException {
        try (Connection c = db.connect(workload.schema())) {
            return DownstreamReader.read(c, workload);
        }
    }

    /** The scenario's checkpoint row, if written. */
    public Optional<Checkpoint> checkpoint() throws CheckpointException {
        return new CheckpointStore(new MysqlEndpoint(db.host(), db.port(), db.user(), db.password(),
                Duration.ofSeconds(5), Duration.ofSeconds(30), List.of()), checkpointSchema, "checkpoint").load(CLUSTER_ID);
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
