package dev.drainer.demo;

import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.process.ChildJvm;
import dev.drainer.testkit.process.CrashPoint;
import dev.drainer.testkit.process.CrashPointResult;
import dev.drainer.testkit.workload.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One crash-and-recover run of the relay log and loader alone (no upstream): apply a generated
 * workload in a child JVM ({@link WorkloadApplier}), kill -9 it at a chosen point, then judge the
 * downstream through the {@link Deployment}. The crash-consistency tests run it at many points.
 */
public final class CrashScenario {
    /** The cluster id the scenario's checkpoint row is keyed by. */
    public static final long CLUSTER_ID = 6_998_437_254_455_456_769L;

    private final Deployment deployment;
    private final long seed;
    private final int transactions;
    private final boolean allDdlKinds;

    private CrashScenario(MariaDb db, Path dir, long seed, int transactions, boolean allDdlKinds, int workers, int txnBatch,
                          long maxFileSize) throws IOException {
        this.seed = seed;
        this.transactions = transactions;
        this.allDdlKinds = allDdlKinds;
        String schema = db.createDatabase("wl");
        String checkpointSchema = db.createDatabase("cp");
        Workload workload = Workload.generate(WorkloadApplier.spec(seed, schema, transactions, allDdlKinds));
        this.deployment = new Deployment(db, dir, workload, checkpointSchema, CLUSTER_ID);
        Files.createDirectories(dir);
        new DemoConfig(db.host(), db.port(), db.user(), db.password(), deployment.relayDir(), checkpointSchema, workers,
                txnBatch, maxFileSize).write(deployment.config());
    }

    /**
     * A fresh scenario: its own workload schema, checkpoint schema and relay directory under {@code dir};
     * the workload's mid-stream DDLs are the base kinds only.
     */
    public static CrashScenario create(MariaDb db, Path dir, long seed, int transactions, int workers, int txnBatch,
                                       long maxFileSize) throws IOException {
        return new CrashScenario(db, dir, seed, transactions, false, workers, txnBatch, maxFileSize);
    }

    /** As {@link #create}, with a workload that draws every DDL kind (drop column, add index, rename, drop table). */
    public static CrashScenario withAllDdlKinds(MariaDb db, Path dir, long seed, int transactions, int workers,
                                                int txnBatch, long maxFileSize) throws IOException {
        return new CrashScenario(db, dir, seed, transactions, true, workers, txnBatch, maxFileSize);
    }

    public Deployment deployment() {
        return deployment;
    }

    /** Runs the applier until it reaches {@code point} for the {@code n}-th time, then kills it with SIGKILL. */
    public CrashPointResult applyAndKill(String point, int n, Duration timeout) throws IOException, InterruptedException {
        return applyAndKill(CrashPoint.spec(point, n), timeout);
    }

    /** Runs the applier until it reaches the crash point(s) of {@code spec} ({@link CrashPoint}), then kills it. */
    public CrashPointResult applyAndKill(String spec, Duration timeout) throws IOException, InterruptedException {
        try (ChildJvm child = applier("applier.log").crashPoints(spec).start()) {
            return child.killAtCrashPoint(timeout);
        }
    }

    /**
     * Runs the applier again to the workload's end, resuming from the checkpoint as {@code drainer run}
     * does after a restart with PD up; returns its exit code (throws when it has not exited in time).
     */
    public int applyToEnd(Duration timeout) throws IOException, InterruptedException {
        try (ChildJvm child = applier("applier-resumed.log").start()) {
            return child.awaitExit(timeout);
        }
    }

    private ChildJvm.Builder applier(String log) {
        List<String> args = new ArrayList<>(List.of(deployment.config().toString(), Long.toString(seed),
                deployment.workload().schema(), Integer.toString(transactions), Long.toUnsignedString(CLUSTER_ID)));
        if (allDdlKinds) {
            args.add(WorkloadApplier.ALL_DDL_KINDS);
        }
        return ChildJvm.builder(WorkloadApplier.class).args(args).outputFile(deployment.dir().resolve(log));
    }
}
