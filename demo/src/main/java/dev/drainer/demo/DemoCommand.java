package dev.drainer.demo;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.relay.RelayInspector;
import dev.drainer.relay.RelayReport;
import dev.drainer.runtime.cli.ExitCode;
import dev.drainer.runtime.cli.LogSetup;
import dev.drainer.runtime.cli.Main;
import dev.drainer.runtime.cli.Subcommand;
import dev.drainer.sim.WorkloadFeed;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.downstream.ComparisonResult;
import dev.drainer.testkit.process.ChildJvm;
import dev.drainer.testkit.process.CrashPoint;
import dev.drainer.testkit.workload.Ddl;
import dev.drainer.testkit.workload.Transaction;
import dev.drainer.testkit.workload.Workload;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code drainer demo}: the relay log's promise, end to end on this machine. {@code drainer run}
 * replicates a simulated upstream (PD, TiKV, pumps on loopback, fed a generated workload live) into a
 * local MariaDB; the upstream is lost and the drainer killed with SIGKILL inside a downstream chunk;
 * the downstream is shown torn, {@code drainer recover} repairs it, and the oracle gives the verdict.
 */
public final class DemoCommand implements Subcommand {
    private static final long CLUSTER_ID = 7_106_000_000_000_000_042L;
    private static final String KILL_POINT = "loader.chunk.mid";
    private static final int WORKERS = 4;
    private static final int TXN_BATCH = 4;
    private static final long MAX_FILE_SIZE = 256 * 1024;
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(5);

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "replicate a simulated upstream, lose it and kill -9 the drainer mid-stream, recover, check against an oracle";
    }

    @Override
    public ExitCode run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        Map<String, Long> flags = new LinkedHashMap<>(Map.of("seed", 42L, "transactions", 2000L, "kill-at-chunk", 900L,
                "rate", 150L, "pumps", 3L));
        for (String a : args) {
            String[] kv = a.replaceFirst("^--?", "").split("=", 2);
            if (!flags.containsKey(kv[0])) {
                err.println("drainer demo: unknown flag " + a
                        + " (known: -seed=N -transactions=N -kill-at-chunk=N -rate=TXN_PER_S -pumps=N)");
                return ExitCode.FATAL;
            }
            try {
                long v = Long.parseLong(kv.length == 2 ? kv[1] : "");
                if (v < (kv[0].equals("seed") ? Long.MIN_VALUE : 1) || (!kv[0].equals("seed") && v > Integer.MAX_VALUE)) {
                    throw new NumberFormatException();
                }
                flags.put(kv[0], v);
            } catch (NumberFormatException e) {
                err.println("drainer demo: flag " + a + " needs a whole number" + (kv[0].equals("seed") ? "" : " from 1")
                        + ", as -" + kv[0] + "=N");
                return ExitCode.FATAL;
            }
        }
        try {
            return demo(flags.get("seed"), flags.get("transactions").intValue(), flags.get("kill-at-chunk").intValue(),
                    flags.get("rate").intValue(), flags.get("pumps").intValue(), out);
        } catch (Exception e) {
            err.println("drainer demo: failed: " + e);
            return ExitCode.FATAL;
        }
    }

    /** How many DDLs of each kind the workload has, e.g. {@code 6 create table, 2 rename table}. */
    private static String ddlKinds(Workload w) {
        Map<Ddl.Kind, Long> counts = w.transactions().stream().filter(Transaction::isDdl)
                .collect(Collectors.groupingBy(t -> t.ddl().kind(), () -> new EnumMap<>(Ddl.Kind.class), Collectors.counting()));
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .collect(Collectors.joining(", "));
    }

    private ExitCode demo(long seed, int txns, int killAtChunk, int rate, int pumps, PrintStream out) throws Exception {
        long t0 = System.nanoTime();
        Path dir = Files.createTempDirectory("drainer-demo-");
        // The simulator and MariaDB log here, not between the demo's lines (the drainer logs to its own file).
        LogSetup.configure("info", dir.resolve("demo.log").toString());
        out.println("[1/7] downstream: starting a local MariaDB (or using " + MariaDb.EXTERNAL_URL_ENV + ")");
        MariaDb db = MariaDb.shared();
        out.printf("      MariaDB on %s:%d; work directory %s%n", db.host(), db.port(), dir);
        try (RunScenario s = RunScenario.create(db, dir, CLUSTER_ID, pumps, seed, txns, true, WORKERS, TXN_BATCH, MAX_FILE_SIZE)) {
            Deployment d = s.deployment();
            Workload w = d.workload();
            ProgressMeter meter = new ProgressMeter(s.feed());
            out.printf("[2/7] upstream (simulated): PD %s (cluster id %s), 1 TiKV store, %d pumps, all on loopback%n",
                    s.cluster().pdEndpoint(), Long.toUnsignedString(CLUSTER_ID), pumps);
            out.printf("      workload seed=%d: %d transactions, %d row changes, %d tables, %d DDLs (%s),"
                            + " encoded as TiDB writes binlogs%n", seed, w.transactions().size(), meter.totalRows(),
                    w.finalTables().size(), w.transactions().stream().filter(t -> t.isDdl()).count(), ddlKinds(w));
            out.printf("      config %s (worker-count=%d, txn-batch=%d, relay log on: max-file-size=256KiB, fsync=commit)%n",
                    d.config(), WORKERS, TXN_BATCH);

            out.printf("[3/7] drainer run in a child JVM, to be killed inside downstream chunk #%d (crash point %s)%n",
                    killAtChunk, CrashPoint.spec(KILL_POINT, killAtChunk));
            try (ChildJvm drainer = s.startDrainer(KILL_POINT, killAtChunk)) {
                long r0 = System.nanoTime();
                while (!s.ready()) {
                    if (!drainer.isAlive() || System.nanoTime() - r0 > CHILD_TIMEOUT.toNanos()) {
                        return fail(out, "drainer run did not become ready (exit " + exitOf(drainer) + "):\n"
                                + drainer.tail(20));
                    }
                    Thread.sleep(100);
                }
                out.printf("      pid %d, log %s, ready after %.1f s: %s/readyz answers 200 (PD reached, DDL history"
                        + " read from TiKV meta, pumps listed)%n", drainer.pid(), s.lastDrainerLog(), secs(r0), s.url());

                out.printf("[4/7] the upstream commits %d txn/s; progress every second (checkpoint from %s/commit_ts)%n",
                        rate, s.url());
                WorkloadFeed feed = s.feed();
                feed.start(rate);
                Optional<String> parked = Optional.empty();
                while (parked.isEmpty()) {
                    parked = drainer.awaitLine(l -> l.startsWith(CrashPoint.MARKER + " "), Duration.ofSeconds(1));
                    if (parked.isPresent()) {
                        break;
                    }
                    if (!drainer.isAlive()) {
                        return fail(out, "drainer run exited on its own (exit " + exitOf(drainer) + "):\n" + drainer.tail(20));
                    }
                    var cp = s.httpCommitTs();
                    out.println("      " + meter.line(cp));
                    if (feed.done() && cp.isPresent() && cp.getAsLong() == w.lastCommitTs()) {
                        out.printf("      the drainer applied the whole workload before downstream chunk #%d;"
                                + " choose a smaller -kill-at-chunk%n", killAtChunk);
                        return ExitCode.FATAL;
                    }
                }
                out.printf("      the drainer reached downstream chunk #%d and is parked inside it (its transaction"
                        + " open, other workers' chunks committed)%n", killAtChunk);

                s.cluster().stopUpstream();
                out.printf("[5/7] upstream lost: PD and %d pumps stopped after %d of %d transactions; kill -9 the drainer%n",
                        pumps, feed.fed(), w.transactions().size());
                drainer.kill9();
            }
            Checkpoint before = d.checkpoint().orElseThrow();
            RelayReport relay = RelayInspector.inspectWithoutLock(d.relayDir());
            out.printf("      killed: checkpoint commitTS=%d (%d transactions) consistent=%s; relay log: %d files,"
                            + " %d records, %.1f MB%n", before.commitTs(), meter.txnsUpTo(before.commitTs()),
                    before.consistent(), relay.totalFiles(), relay.totalRecords(), relay.totalBytes() / 1e6);
            List<Long> snapshots = d.matchingSnapshots();
            ComparisonResult atCheckpoint = d.compareAt(before.commitTs());
            if (snapshots.isEmpty()) {
                out.printf("      the downstream equals NO upstream snapshot: it is torn (transactions half applied);"
                        + " it differs from the state at the checkpoint in %d places%n", atCheckpoint.differences().size());
            } else {
                out.printf("      this kill landed at a consistent point: the downstream equals the upstream snapshot at"
                        + " commit ts %d (%d transactions); recovery must still bring it to the relay log's end%n",
                        snapshots.get(snapshots.size() - 1), meter.txnsUpTo(snapshots.get(snapshots.size() - 1)));
            }

            out.println("[6/7] drainer recover in a fresh JVM (the upstream is still down: only the relay log has the rest)");
            long r0 = System.nanoTime();
            Deployment.Run rec = d.recover(Main.class.getName(), null, 0, CHILD_TIMEOUT);
            rec.output().stream().filter(l -> l.startsWith("recover:") || l.contains("recovery finished"))
                    .forEach(l -> out.println("      " + l));
            out.printf("      exit code %d in %.1f s%n", rec.exitCode(), secs(r0));

            Optional<Checkpoint> after = d.checkpoint();
            out.println("[7/7] verdict:");
            if (rec.exitCode() != ExitCode.OK.code() || after.isEmpty() || !after.get().consistent()) {
                return fail(out, "recover did not finish with a consistent checkpoint: " + after);
            }
            ComparisonResult verdict = d.compareAt(after.get().commitTs());
            out.printf("      checkpoint consistent=true at commitTS=%d: transaction %d of %d (at the kill: %d)%n",
                    after.get().commitTs(), meter.txnsUpTo(after.get().commitTs()), w.transactions().size(),
                    meter.txnsUpTo(before.commitTs()));
            out.printf("      compared %d expected rows with %d downstream rows, every column: %s%n",
                    verdict.expectedRows(), verdict.actualRows(), verdict.isEqual() ? "equal" : "DIFFERENT");
            if (!verdict.isEqual()) {
                out.println(verdict.report());
            }
            out.printf("%s in %.1f s (work directory %s)%n", verdict.isEqual() ? "PASS" : "FAIL", secs(t0), dir);
            return verdict.isEqual() ? ExitCode.OK : ExitCode.FATAL;
        }
    }

    private static ExitCode fail(PrintStream out, String why) {
        out.println("FAIL: " + why);
        return ExitCode.FATAL;
    }

    private static String exitOf(ChildJvm child) {
        return child.isAlive() ? "none yet" : Integer.toString(child.process().exitValue());
    }

    private static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
