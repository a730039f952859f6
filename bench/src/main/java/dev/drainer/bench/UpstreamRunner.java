package dev.drainer.bench;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.config.DrainerConfig;
import dev.drainer.runtime.RuntimeFactory;
import dev.drainer.sim.SimulatedCluster;
import dev.drainer.sim.WorkloadFeed;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.process.ChildJvm;
import dev.drainer.testkit.workload.Ddl;
import dev.drainer.testkit.workload.TableDef;
import dev.drainer.testkit.workload.Transaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The upstream phases: a {@link SimulatedCluster} (PD, one TiKV store, three pumps keeping their
 * payloads in files) fed the insert workload as TiDB would write it, and {@code drainer run}
 * ({@link UpstreamDrainer}) in a child JVM, so its peak RSS is its own. Live phases encode the feed
 * ahead, start the drainer, warm it up on the first rows, then feed the rest; the backlog phase fills
 * the pumps first and starts the drainer cold. Timed: from the drainer being ready (live: the timed
 * feed's start) until the checkpoint covers the last transaction. The checkpoint row is sampled
 * every {@value #SAMPLE_MILLIS} ms for the lag: now minus when the oldest transaction above it was fed (at the
 * earliest, the timed part's start).
 */
final class UpstreamRunner {
    static final long SAMPLE_MILLIS = 100;
    private static final int PUMPS = 3;
    /**
     * The JVM options bin/drainer starts {@code drainer run} with (no JAVA_OPTS), so the child is the drainer users
     * run; UpstreamRunnerTest reads them from the launcher.
     */
    static final List<String> LAUNCHER_JVM_OPTIONS = List.of("-XX:+UseParallelGC", "-XX:NewRatio=1");
    /** No checkpoint progress for this long while work is left: the run is stuck. */
    private static final Duration STALL = Duration.ofMinutes(3);
    /** The longest the warm-up waits for the child's JIT compilers to go idle. */
    private static final Duration COMPILER_IDLE_MAX = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Downstream db;
    private final String checkpointSchema;
    private final Path workDir;
    private final BenchOptions options;
    private final Monitor monitor;
    private final Verifier verifier;

    UpstreamRunner(Downstream db, String checkpointSchema, Path workDir, BenchOptions options, Monitor monitor) {
        this.db = db;
        this.checkpointSchema = checkpointSchema;
        this.workDir = workDir;
        this.options = options;
        this.monitor = monitor;
        this.verifier = new Verifier(db);
    }

    /** One upstream phase on the insert workload (live with {@code options.rows()} rows, or the backlog). */
    PhaseResult run(Phase phase, List<TableDef> defs) throws Exception {
        boolean backlog = phase == Phase.UPSTREAM_BACKLOG;
        Path dir = Files.createDirectories(workDir.resolve(phase.id));
        Path relay = phase == Phase.UPSTREAM_NO_RELAY ? null : dir.resolve("relay");
        db.recreate(defs.get(0).schema(), List.of()); // the drainer creates the tables from the DDL binlogs
        db.drop(checkpointSchema);
        long warmRows = backlog ? 0 : options.drainerWarmupRows();
        WorkloadGenerator.Transactions generated = WorkloadGenerator.transactions(WorkloadGenerator.Mix.INSERT_ONLY,
                options.seed(), backlog ? Long.MAX_VALUE : warmRows + options.rows(), defs);
        try (SimulatedCluster cluster = SimulatedCluster.start(PhaseRunner.CLUSTER_ID, PUMPS, 1,
                Files.createDirectories(dir.resolve("pumps")))) {
            long backlogBytes = options.backlogMb() * 1_000_000;
            WorkloadFeed[] feed = new WorkloadFeed[1];
            BooleanSupplier more = backlog ? () -> feed[0].fedBytes() < backlogBytes : () -> true;
            feed[0] = cluster.feed(defs.get(0).schema(), firstCommitTs(defs), withTables(defs, generated, more));
            double feedSeconds = -1;
            if (backlog) {
                feedSeconds = feedAll(feed[0], generated);
            } else {
                encodeAhead(feed[0], dir.resolve("feed.bin"));
            }
            int port = MariaDb.freePort();
            Path toml = dir.resolve("drainer.toml");
            Files.writeString(toml, BenchConfig.runToml(cluster.pdEndpoint(), port, dir.resolve("data"),
                    firstCommitTs(defs) - 1, db, options.workers(), options.txnBatch(), checkpointSchema, relay));
            DrainerConfig cfg = BenchConfig.of(db, options.workers(), options.txnBatch(), checkpointSchema, relay,
                    "commit");
            Run run;
            double compilerSeconds = 0;
            try (CheckpointStore store = RuntimeFactory.checkpointStore(cfg);
                 ChildJvm drainer = ChildJvm.builder(UpstreamDrainer.class)
                    .jvmArgs("-Xmx" + options.drainerXmx()).jvmArgs(LAUNCHER_JVM_OPTIONS.toArray(String[]::new))
                    .args("-config=" + toml).outputFile(dir.resolve("drainer.out")).start()) {
                awaitReady(drainer, port);
                if (warmRows > 0) {
                    Warm warm = warmUp(drainer, feed[0], warmRows, store);
                    warmRows = warm.rows();
                    compilerSeconds = warm.compilerSeconds();
                }
                run = follow(drainer, feed[0], generated, store, !backlog);
                stop(drainer);
            }
            if (!backlog) {
                feedSeconds = run.feedSeconds;
            }
            BenchWorkload w = generated.workload(null, feed[0].fedBytes());
            List<String> problems = new ArrayList<>();
            Optional<Checkpoint> cp;
            try (CheckpointStore store = RuntimeFactory.checkpointStore(cfg)) {
                cp = store.load(PhaseRunner.CLUSTER_ID);
            }
            if (cp.isEmpty() || !cp.get().consistent() || cp.get().commitTs() < w.lastCommitTs()) {
                problems.add("checkpoint " + cp.map(Object::toString).orElse("missing")
                        + ", expected consistent=true at or after " + w.lastCommitTs());
            }
            Verifier.Outcome v = verifier.verify(w);
            problems.addAll(v.problems());
            PhaseRunner.deleteTree(dir);
            return new PhaseResult(w.name(), phase, w.rows() - warmRows, run.seconds, 0,
                    backlog ? String.format(Locale.ROOT, "backlog %.0f MB fed in %.0f s before the drainer started",
                            feed[0].fedBytes() / 1e6, feedSeconds)
                            : warmRows > 0 ? String.format(Locale.ROOT, "after an untimed warm-up of the drainer on the"
                                    + " first %d rows and %.0f s for its JIT compilers to go idle", warmRows, compilerSeconds)
                            : "",
                    v.checks(), problems,
                    new UpstreamFigures(backlog ? null : LagStats.of(run.lagMillis), feedSeconds, feed[0].fedBytes(),
                            run.peakRss, options.drainerXmx()));
        }
    }

    /** The bench tables' CREATE TABLEs, one transaction each, just before the workload's first commit ts. */
    private static long firstCommitTs(List<TableDef> defs) {
        return WorkloadGenerator.commitTs(-defs.size());
    }

    private static Iterator<Transaction> withTables(List<TableDef> defs, Iterator<Transaction> rows, BooleanSupplier more) {
        return new Iterator<>() {
            private int table;

            @Override
            public boolean hasNext() {
                return table < defs.size() || rows.hasNext() && more.getAsBoolean();
            }

            @Override
            public Transaction next() {
                if (table < defs.size()) {
                    TableDef d = defs.get(table);
                    return Transaction.ddl(WorkloadGenerator.commitTs(table++ - defs.size()), Ddl.createTable(d));
                }
                return rows.next();
            }
        };
    }

    /** Fills the pumps before the drainer starts; returns the seconds it took. */
    private double feedAll(WorkloadFeed feed, WorkloadGenerator.Transactions generated) throws InterruptedException {
        monitor.phaseStarted("insert/" + Phase.UPSTREAM_BACKLOG.id + " (filling the pumps)", 0, generated::rows);
        long t0 = System.nanoTime();
        try {
            feed.feedAll();
        } finally {
            monitor.phaseEnded();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Encodes the live feed before anything is timed, as the other phases generate their workloads first: in a
     * live phase the feed then only stores bytes in the pumps, where TiDB's encoding, which a real upstream does
     * on its own servers, took a share of the two cores the drainer and MariaDB run on.
     */
    private void encodeAhead(WorkloadFeed feed, Path file) throws IOException {
        monitor.phaseStarted("insert/upstream (encoding the feed ahead)", 0, () -> 0);
        try {
            feed.encodeAhead(file);
        } finally {
            monitor.phaseEnded();
        }
    }

    /** What the warm-up took: the row changes fed, and the seconds the child's JIT compilers then needed to go idle. */
    private record Warm(long rows, double compilerSeconds) {
    }

    /**
     * Untimed: feeds the first {@code rows} row changes at once and waits until the drainer has applied what it can
     * of them (the pumps' last few wait for the feed to go on: {@link WorkloadFeed#mergeableCommitTs}), then until
     * its JIT compilers are idle ({@link CompilerIdle}), so the live phase measures a drainer whose code the JIT has
     * compiled, as the pipeline phases' warm-up pass does (a drainer runs for days; the backlog phase keeps the cold
     * start).
     */
    private Warm warmUp(ChildJvm drainer, WorkloadFeed feed, long rows, CheckpointStore store) throws Exception {
        monitor.phaseStarted("insert/upstream (warm-up)", rows, feed::fedRows);
        try {
            long fed = feed.feedRows(rows);
            long lastTs = feed.mergeableCommitTs();
            long deadline = System.nanoTime() + STALL.toNanos();
            while (store.load(PhaseRunner.CLUSTER_ID).map(Checkpoint::commitTs).orElse(0L) < lastTs) {
                if (!drainer.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("drainer run did not apply the " + fed + " warm-up rows (up to commit ts "
                            + lastTs + ") within " + STALL + "; its output:\n" + drainer.tail(30));
                }
                Thread.sleep(SAMPLE_MILLIS);
            }
            return new Warm(fed, CompilerIdle.await(drainer.pid(), COMPILER_IDLE_MAX));
        } finally {
            monitor.phaseEnded();
        }
    }

    /** What one drainer run showed. */
    private record Run(double seconds, double feedSeconds, long[] lagMillis, long peakRss) {
    }

    /**
     * From now (the drainer is ready) until the checkpoint covers the feed's last transaction: starts the
     * feed if {@code live}, samples the checkpoint's lag and the child's peak RSS.
     */
    private Run follow(ChildJvm drainer, WorkloadFeed feed, WorkloadGenerator.Transactions generated,
                       CheckpointStore store, boolean live) throws Exception {
        long warmRows = feed.fedRows();
        monitor.phaseStarted("insert/" + (live ? "upstream (fed rows)" : Phase.UPSTREAM_BACKLOG.id + " (fed rows)"),
                live ? options.rows() : generated.rows(), live ? () -> feed.fedRows() - warmRows : generated::rows);
        long t0 = System.nanoTime();
        if (live) {
            // Without a rate the feed stores each transaction as soon as the last one is stored.
            feed.start(options.feedRate() > 0 ? options.feedRate() : Double.MAX_VALUE);
        }
        long feedEnd = live ? 0 : t0;
        List<Long> lags = new ArrayList<>();
        long peakRss = -1;
        long lastTs = -1;
        long lastProgress = System.nanoTime();
        try {
            while (true) {
                Thread.sleep(SAMPLE_MILLIS);
                if (!drainer.isAlive()) {
                    throw new IllegalStateException("drainer run exited with " + drainer.process().exitValue()
                            + " before catching up; its output:\n" + drainer.tail(30));
                }
                peakRss = Math.max(peakRss, Monitor.peakRss(drainer.pid()));
                boolean fedAll = feed.done();
                if (fedAll && feedEnd == 0) {
                    feedEnd = System.nanoTime();
                }
                long ts = store.load(PhaseRunner.CLUSTER_ID).map(Checkpoint::commitTs).orElse(0L);
                if (live) {
                    lags.add(timedLagMillis(feed.lag(ts), System.nanoTime() - t0));
                }
                if (fedAll && ts >= feed.lastFedCommitTs()) {
                    break;
                }
                if (ts != lastTs) {
                    lastTs = ts;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                    throw new IllegalStateException("the checkpoint stayed at " + ts + " for " + STALL + " with "
                            + (fedAll ? "every transaction fed" : feed.fed() + " transactions fed") + "; drainer output:\n"
                            + drainer.tail(30));
                }
            }
        } finally {
            monitor.phaseEnded();
            feed.close();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        peakRss = Math.max(peakRss, Monitor.peakRss(drainer.pid()));
        return new Run(seconds, (feedEnd - t0) / 1e9, lags.stream().mapToLong(Long::longValue).toArray(), peakRss);
    }

    /**
     * A lag sample of the timed part, {@code sinceStartNanos} into it: the warm-up's last transactions wait for the
     * timed feed to pass the merge, and fed before the timed part they count from its start, or the first samples
     * would time the warm-up (one run's p99 was 12.7 s in a 9.2 s phase).
     */
    static long timedLagMillis(Duration sinceFed, long sinceStartNanos) {
        return Math.min(sinceFed.toMillis(), sinceStartNanos / 1_000_000);
    }

    /** Waits for {@code /readyz} (PD reached, pipeline running). */
    private static void awaitReady(ChildJvm drainer, int port) throws InterruptedException {
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (!drainer.isAlive()) {
                throw new IllegalStateException("drainer run exited with " + drainer.process().exitValue()
                        + " while starting; its output:\n" + drainer.tail(30));
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("drainer run not ready on port " + port + " after 2 minutes; its output:\n"
                + drainer.tail(30));
    }

    /** SIGTERM, as Kubernetes stops it: the drainer drains, saves consistent=true and exits 0. */
    private static void stop(ChildJvm drainer) throws IOException, InterruptedException {
        // Not Process.destroy(): it closes the child's output pipe, and its last lines would be lost.
        new ProcessBuilder("kill", "-TERM", Long.toString(drainer.pid())).start().waitFor();
        int code = drainer.awaitExit(Duration.ofMinutes(2));
        if (code != 0) {
            throw new IllegalStateException("drainer run exited with " + code + " after SIGTERM; its output:\n"
                    + drainer.tail(30));
        }
    }
}
