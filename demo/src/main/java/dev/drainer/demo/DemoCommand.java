package dev.drainer.demo;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.relay.RelayInspector;
import dev.drainer.relay.RelayReport;
import dev.drainer.runtime.cli.ExitCode;
import dev.drainer.runtime.cli.Main;
import dev.drainer.runtime.cli.Subcommand;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.downstream.ComparisonResult;
import dev.drainer.testkit.process.CrashPointResult;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code drainer demo}: the relay log's promise, end to end on this machine. A generated workload
 * goes through relay log and loader into a local MariaDB, the applier is killed mid-stream, the
 * downstream is shown torn, {@code drainer recover} repairs it, and the oracle gives the verdict.
 * The upstream is simulated by a workload generator (no TiDB, PD or pumps run here).
 */
public final class DemoCommand implements Subcommand {
    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "crash an applier mid-stream, recover from the relay log, and check against an oracle";
    }

    @Override
    public ExitCode run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        long seed = 42;
        int txns = 3000;
        int killAtChunk = 150;
        for (String a : args) {
            String[] kv = a.replaceFirst("^--?", "").split("=", 2);
            try {
                switch (kv[0]) {
                    case "seed" -> seed = Long.parseLong(kv[1]);
                    case "transactions" -> txns = Integer.parseInt(kv[1]);
                    case "kill-at-chunk" -> killAtChunk = Integer.parseInt(kv[1]);
                    default -> {
                        err.println("drainer demo: unknown flag " + a + " (known: -seed=N -transactions=N -kill-at-chunk=N)");
                        return ExitCode.FATAL;
                    }
                }
            } catch (RuntimeException e) {
                err.println("drainer demo: flag " + a + " needs a whole number, as -" + kv[0] + "=N");
                return ExitCode.FATAL;
            }
        }
        try {
            return demo(seed, txns, killAtChunk, out);
        } catch (Exception e) {
            err.println("drainer demo: failed: " + e);
            return ExitCode.FATAL;
        }
    }

    private ExitCode demo(long seed, int txns, int killAtChunk, PrintStream out) throws Exception {
        long t0 = System.nanoTime();
        out.println("[1/6] downstream: starting a local MariaDB (or using " + MariaDb.EXTERNAL_URL_ENV + ")");
        MariaDb db = MariaDb.shared();
        out.printf("      MariaDB on %s:%d%n", db.host(), db.port());

        Path dir = Files.createTempDirectory("drainer-demo-");
        CrashScenario s = CrashScenario.create(db, dir, seed, txns, 4, 4, 256 * 1024);
        long rows = s.workload().transactions().stream().mapToLong(t -> t.changes().size()).sum();
        out.printf("[2/6] upstream (simulated): seed=%d, %d transactions, %d row changes, %d tables, DDLs mid-stream%n",
                seed, s.workload().transactions().size(), rows, s.workload().finalTables().size());
        out.printf("      config %s (worker-count=4, txn-batch=4, relay max-file-size=256KiB, fsync=commit)%n", s.config());

        out.printf("[3/6] applying through relay log + loader in a child JVM; kill -9 at downstream chunk #%d%n", killAtChunk);
        long a0 = System.nanoTime();
        CrashPointResult crash = s.applyAndKill("loader.chunk.mid", killAtChunk, Duration.ofMinutes(5));
        if (!crash.reached()) {
            out.println("      the applier finished before the kill point (" + crash.outcome()
                    + "); choose a smaller -kill-at-chunk");
            return ExitCode.FATAL;
        }
        Checkpoint before = s.checkpoint().orElseThrow();
        RelayReport relay = RelayInspector.inspectWithoutLock(s.relayDir());
        out.printf("      killed after %.1f s: checkpoint commitTS=%d consistent=%s; relay: %d files, %d records, %.1f MB%n",
                secs(a0), before.commitTs(), before.consistent(), relay.totalFiles(), relay.totalRecords(),
                relay.totalBytes() / 1e6);

        out.println("[4/6] the downstream after the crash:");
        List<Long> snapshots = s.matchingSnapshots();
        ComparisonResult atCheckpoint = s.compareAt(before.commitTs());
        out.printf("      equals %s; differs from the state at the checkpoint in %d places%n",
                snapshots.isEmpty() ? "NO upstream snapshot: it is torn (some transactions half applied)"
                        : "the upstream snapshot at commit ts " + snapshots.get(snapshots.size() - 1),
                atCheckpoint.differences().size());

        out.println("[5/6] drainer recover (a fresh JVM):");
        long r0 = System.nanoTime();
        CrashScenario.Run rec = s.recover(Main.class.getName(), null, 0, Duration.ofMinutes(5));
        rec.output().stream().filter(l -> l.startsWith("recover:") || l.contains("recovery finished"))
                .forEach(l -> out.println("      " + l));
        out.printf("      exit code %d in %.1f s%n", rec.exitCode(), secs(r0));

        Optional<Checkpoint> after = s.checkpoint();
        out.println("[6/6] verdict:");
        if (rec.exitCode() != ExitCode.OK.code() || after.isEmpty() || !after.get().consistent()) {
            out.println("      FAIL: recover did not finish with a consistent checkpoint: " + after);
            return ExitCode.FATAL;
        }
        ComparisonResult verdict = s.compareAt(after.get().commitTs());
        out.printf("      checkpoint consistent=true at commitTS=%d (%d of %d transactions)%n", after.get().commitTs(),
                s.workload().upTo(after.get().commitTs()).size(), s.workload().transactions().size());
        out.printf("      compared %d expected rows with %d downstream rows, every column: %s%n",
                verdict.expectedRows(), verdict.actualRows(), verdict.isEqual() ? "equal" : "DIFFERENT");
        if (!verdict.isEqual()) {
            out.println(verdict.report());
        }
        out.printf("%s in %.1f s (work directory %s)%n", verdict.isEqual() ? "PASS" : "FAIL", secs(t0), dir);
        return verdict.isEqual() ? ExitCode.OK : ExitCode.FATAL;
    }

    private static double secs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
