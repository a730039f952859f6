package dev.drainer.bench;

import dev.drainer.testkit.workload.BenchTables;
import dev.drainer.testkit.workload.TableDef;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One bench run: generate the workloads (before any timing), sweep the raw-JDBC baseline, run each
 * selected phase of the drainer on each workload from empty tables, then the live simulated-upstream
 * phases on the insert workload; repeat the phases the targets judge for {@code -repeats} rounds, each
 * later round after the sweep's best cell again; end with the upstream backlog; verify after each phase,
 * and report.
 */
final class Bench {
    /** The drainer phases, in the order they run on each workload. */
    private static final List<Phase> DRAINER_PHASES = List.of(Phase.NO_RELAY, Phase.RELAY_FSYNC_COMMIT,
            Phase.RELAY_FSYNC_OFF, Phase.RECOVERY, Phase.ONE_ROW);
    /** The upstream phases fed live, in every round; the backlog phase runs once, after the last round. */
    private static final List<Phase> LIVE_PHASES = List.of(Phase.UPSTREAM_NO_RELAY, Phase.UPSTREAM_RELAY);
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final BenchOptions options;
    private final Downstream db;
    private final PrintStream out;

    Bench(BenchOptions options, Downstream db, PrintStream out) {
        this.options = options;
        this.db = db;
        this.out = out;
    }

    /** Runs everything selected; returns whether every check passed (missed targets do not count). */
    boolean run() throws Exception {
        String schema = "drainer_bench_" + ProcessHandle.current().pid();
        String checkpointSchema = schema + "_cp";
        Path workDir = Files.createTempDirectory("drainer-bench-");
        out.println(String.format(Locale.ROOT, "bench rows=%d workers=%d txnBatch=%d seed=%d downstream=%s cpus=%d"
                        + " maxHeapMB=%d workDir=%s", options.rows(), options.workers(), options.txnBatch(),
                options.seed(), db, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                workDir));
        Report report = new Report(out);
        try (Monitor monitor = new Monitor(out, PROGRESS_EVERY)) {
            List<TableDef> defs = BenchTables.defs(schema);
            Map<String, BenchWorkload> full = new LinkedHashMap<>();
            Map<String, BenchWorkload> firstRows = new LinkedHashMap<>();
            Map<String, BenchWorkload> warmups = new LinkedHashMap<>();
            for (WorkloadGenerator.Mix mix : WorkloadGenerator.Mix.values()) {
                if (needsFull(mix)) {
                    full.put(mix.label, generate(mix, options.rows(), defs, workDir.resolve(mix.label + ".binlogs")));
                }
                if (options.warmupRowsPerWorkload() > 0
                        && DRAINER_PHASES.stream().anyMatch(p -> options.selected(mix.label, p))) {
                    warmups.put(mix.label, generate(mix, options.warmupRowsPerWorkload(), defs,
                            workDir.resolve(mix.label + "-warmup.binlogs")));
                }
                if (options.selected(mix.label, Phase.ONE_ROW)) {
                    firstRows.put(mix.label, generate(mix, options.oneRowRows(), defs,
                            workDir.resolve(mix.label + "-first.binlogs")));
                }
            }
            Baseline baseline = new Baseline(db, monitor);
            if (options.selected("insert", Phase.BASELINE)) {
                sweep(full.get("insert"), baseline, report);
            }
            PhaseRunner runner = new PhaseRunner(db, checkpointSchema, workDir, options.workers(), options.txnBatch(),
                    monitor);
            // A drainer runs for days on compiled code; the baseline's best cell, late in a sweep of 16, is warm
            // too. Without this pass the first phases ran while the JIT still took up to 0.7 of the two cores.
            for (BenchWorkload w : warmups.values()) {
                report.warmup(runner.warmup(w));
            }
            UpstreamRunner upstream = new UpstreamRunner(db, checkpointSchema, workDir, options, monitor);
            // Later rounds run only the phases the targets judge, spread over the run so that a slow stretch of the
            // machine falls on one round of a figure, not all; even rounds run them in the opposite order so that
            // neither side of a compared pair always goes first.
            for (int round = 1; round <= options.repeats() && (round == 1 || repeatsSomething()); round++) {
                report.round(round);
                Optional<Baseline.Cell> best = report.baseline();
                if (round > 1 && best.isPresent()) {
                    // The same machine minutes later: each round's ratios are taken against its own baseline.
                    report.roundBaseline(measure(full.get("insert"), baseline, best.get().batch(),
                            best.get().connections()));
                }
                List<Phase> phases = new ArrayList<>(DRAINER_PHASES);
                if (round % 2 == 0) {
                    Collections.reverse(phases);
                }
                for (WorkloadGenerator.Mix mix : WorkloadGenerator.Mix.values()) {
                    for (Phase p : phases) {
                        if (runsIn(round, mix.label, p) && options.selected(mix.label, p)) {
                            report.result(p == Phase.ONE_ROW ? oneRow(runner, firstRows.get(mix.label))
                                    : p == Phase.RECOVERY ? runner.recovery(full.get(mix.label))
                                    : runner.pipeline(full.get(mix.label), p));
                        }
                    }
                }
                for (Phase p : LIVE_PHASES) {
                    if (runsIn(round, "insert", p) && options.selected("insert", p)) {
                        report.result(upstream.run(p, defs));
                    }
                }
            }
            if (options.selected("insert", Phase.UPSTREAM_BACKLOG)) {
                report.result(upstream.run(Phase.UPSTREAM_BACKLOG, defs));
            }
            report.summary(monitor.maxHeapUsed(), Runtime.getRuntime().maxMemory(), Monitor.peakRss());
        } finally {
            db.drop(schema);
            db.drop(checkpointSchema);
            PhaseRunner.deleteTree(workDir);
        }
        return report.allVerified();
    }

    /** Whether a selected phase runs on the whole workload (the one-row reference runs on its first rows). */
    private boolean needsFull(WorkloadGenerator.Mix mix) {
        return DRAINER_PHASES.stream().anyMatch(p -> p != Phase.ONE_ROW && options.selected(mix.label, p))
                || mix == WorkloadGenerator.Mix.INSERT_ONLY && options.selected(mix.label, Phase.BASELINE);
    }

    /** Round 1 runs every selected phase, later rounds only those the targets judge. */
    private static boolean runsIn(int round, String workload, Phase p) {
        return round == 1 || p.judgedOn(workload);
    }

    /** Whether a later round would run any phase: else it would only measure the baseline again. */
    private boolean repeatsSomething() {
        return Arrays.stream(Phase.values()).anyMatch(p -> BenchOptions.WORKLOADS.stream()
                .anyMatch(w -> p.judgedOn(w) && options.selected(w, p)));
    }

    /** Every cell of the baseline sweep, each on empty tables and verified. */
    private void sweep(BenchWorkload w, Baseline baseline, Report report) throws Exception {
        for (int batch : Baseline.BATCHES) {
            for (int connections : Baseline.connectionCounts(options.workers())) {
                report.baselineCell(measure(w, baseline, batch, connections));
            }
        }
    }

    /** One baseline cell on empty tables, verified. */
    private Baseline.Measured measure(BenchWorkload w, Baseline baseline, int batch, int connections) throws Exception {
        db.recreate(w.rowFactory().def(0).schema(), w.rowFactory().defs());
        System.gc();
        Baseline.Cell cell = baseline.run(w, batch, connections);
        return new Baseline.Measured(cell, new Verifier(db).verify(w));
    }

    private PhaseResult oneRow(PhaseRunner runner, BenchWorkload first) throws Exception {
        return runner.oneRow(first, first.rows() < options.rows()
                ? "first " + first.rows() + " row changes of the workload" : "");
    }

    private BenchWorkload generate(WorkloadGenerator.Mix mix, long rows, List<TableDef> defs, Path file)
            throws IOException {
        long t0 = System.nanoTime();
        BenchWorkload w = WorkloadGenerator.generate(mix, options.seed(), rows, defs, file);
        out.println(String.format(Locale.ROOT, "generated workload=%s rows=%d txns=%d binlogMB=%.1f seconds=%.1f",
                w.name(), w.rows(), w.txns(), w.payloadBytes() / 1e6, (System.nanoTime() - t0) / 1e9));
        return w;
    }
}
