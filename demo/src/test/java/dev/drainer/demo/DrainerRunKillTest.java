package dev.drainer.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import dev.drainer.testkit.downstream.ComparisonResult;
import dev.drainer.testkit.downstream.StateComparator;
import dev.drainer.testkit.process.ChildJvm;
import dev.drainer.testkit.process.CrashPoint;
import dev.drainer.testkit.workload.DatabaseState;
import dev.drainer.testkit.workload.Transaction;
import dev.drainer.testkit.workload.Workload;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of {@code drainer run} (the shipped command in a child JVM) under load, against the
 * simulated upstream: a backlog of transactions in the pumps, the drainer killed at seeded random
 * points of its write side (relay append, fsync, GC, inside and between downstream chunks, DDLs,
 * checkpoint saves), restarted with PD up each time; the last run must bring the downstream to the
 * oracle at the final commit ts, every column of every row. A negative control shows the same check
 * catches a transaction the drainer skipped. Seeds: {@code -Dcrash.seed=N}.
 */
@ExtendWith(MariaDbExtension.class)
class DrainerRunKillTest {
    private static final long SEED = Long.getLong("crash.seed", 7);
    private static final int TRANSACTIONS = 900;
    private static final int KILLS = 4;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /**
     * Write-side crash points and the highest hit drawn for each: about a sixth of the workload's hits
     * at most (~1,500 two-row chunks, one relay record per transaction, ~500 files of 8 KiB, ~30 DDLs,
     * a save per DDL), so every kill lands with a backlog left: under load.
     */
    private static final Map<String, Integer> POINTS = Map.of(
            "loader.chunk.begin", 250, "loader.chunk.mid", 250, "loader.chunk.committed", 250,
            "relay.append.partial", 150, "relay.sync.before", 30, "relay.gc.deleted", 60,
            "loader.ddl.before", 5, "checkpoint.save.before", 6, "checkpoint.save.after", 6);

    @TempDir
    Path tmp;

    private RunScenario scenario(MariaDb db, String name, long clusterId, int transactions) throws Exception {
        return RunScenario.create(db, tmp.resolve(name), clusterId, 2, SEED, transactions, false, 4, 2, 8192);
    }

    @Test
    void killedUnderLoadAtRandomPointsAndRestartedWithPdUpItConvergesToTheOracle(MariaDb db) throws Exception {
        try (RunScenario s = scenario(db, "kills", 7_106_000_000_000_000_101L, TRANSACTIONS)) {
            Deployment d = s.deployment();
            s.feed().feedAll();
            Random rnd = new Random(SEED);
            List<String> names = POINTS.keySet().stream().sorted().toList();
            List<String> landed = new ArrayList<>();
            for (int k = 1; k <= KILLS; k++) {
                String point = names.get(rnd.nextInt(names.size()));
                int n = 1 + rnd.nextInt(POINTS.get(point));
                boolean reached = runAndKill(s, point, n);
                Optional<Checkpoint> cp = d.checkpoint();
                boolean torn = d.matchingSnapshots().isEmpty();
                System.out.printf("seed=%d kill %d at %s: %s; checkpoint %s; downstream %s%n", SEED, k,
                        CrashPoint.spec(point, n), reached ? "reached" : "NOT reached (killed idle)",
                        cp.map(c -> "consistent=" + c.consistent() + " at transaction "
                                + d.workload().upTo(c.commitTs()).size() + "/" + d.workload().transactions().size()).orElse("not written yet"),
                        torn ? "torn" : "equal to an upstream snapshot");
                assertFalse(cp.map(Checkpoint::consistent).orElse(false), "a killed drainer leaves no consistent=true: " + cp);
                if (reached) {
                    landed.add(CrashPoint.spec(point, n));
                }
            }
            assertTrue(landed.size() >= KILLS - 1, "kills under load: " + landed);
            // The PD-down variant goes here once DrainerRun runs start-up recovery ([syncer.relay] auto-recover,
            // issue 5, another helper's part): after a kill, s.cluster().stopUpstream(); the restarted drainer must
            // replay the relay log to consistent=true although PD is unreachable; then restartUpstream() and run
            // to the end as below.

            ComparisonResult end = runToTheEnd(s, d.workload().expectedAt(d.workload().lastCommitTs()));
            assertTrue(end.isEqual(), "downstream differs from the oracle at the last commit ts:\n" + end.report());
        }
    }

    @Test
    void theCheckCatchesATransactionTheDrainerSkipped(MariaDb db) throws Exception {
        try (RunScenario s = scenario(db, "skip", 7_106_000_000_000_000_102L, 300)) {
            Workload w = s.deployment().workload();
            Transaction skipped = unmaskedDml(w);
            DatabaseState withoutIt = without(w, skipped).expectedAt(w.lastCommitTs());
            s.writeConfig(List.of(skipped.commitTs()));
            s.feed().feedAll();

            ComparisonResult end = runToTheEnd(s, withoutIt);
            System.out.println("skipped commit ts " + skipped.commitTs() + "; the check reports:\n" + end.report());
            assertFalse(end.isEqual(), "the oracle comparison must see the skipped transaction");
        }
    }

    /** Runs the drainer with {@code point#n} armed; true if it was killed there, false if it caught up first. */
    private static boolean runAndKill(RunScenario s, String point, int n) throws Exception {
        DatabaseState end = s.deployment().workload().expectedAt(s.deployment().workload().lastCommitTs());
        try (ChildJvm drainer = s.startDrainer(point, n)) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (true) {
                if (drainer.awaitLine(l -> l.startsWith(CrashPoint.MARKER + " "), Duration.ofSeconds(1)).isPresent()) {
                    drainer.kill9();
                    return true;
                }
                assertTrue(drainer.isAlive(), "the drainer exited on its own:\n" + drainer.tail(30));
                if (downstreamEquals(s, end)) {
                    drainer.kill9();
                    return false;
                }
                assertTrue(System.nanoTime() < deadline, "neither killed at " + point + "#" + n + " nor caught up:\n"
                        + drainer.tail(30));
            }
        }
    }

    /**
     * Runs the drainer until the downstream equals {@code expectedEnd}, stops it with SIGTERM (exit 0,
     * checkpoint {@code consistent=true} at the last commit ts), and returns the oracle's verdict there.
     */
    private static ComparisonResult runToTheEnd(RunScenario s, DatabaseState expectedEnd) throws Exception {
        Deployment d = s.deployment();
        long last = d.workload().lastCommitTs();
        try (ChildJvm drainer = s.startDrainer(null, 0)) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!downstreamEquals(s, expectedEnd)) {
                assertTrue(drainer.isAlive(), "the drainer exited on its own:\n" + drainer.tail(30));
                assertTrue(System.nanoTime() < deadline, "the downstream did not reach the end:\n" + drainer.tail(30));
                Thread.sleep(500);
            }
            // Not Process.destroy(): it closes the child's output pipe, and the last lines would be lost.
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(drainer.pid())).start().waitFor());
            assertEquals(0, drainer.awaitExit(Duration.ofSeconds(60)), drainer.tail(30));
        }
        Checkpoint cp = d.checkpoint().orElseThrow();
        assertTrue(cp.consistent(), "a clean stop saves consistent=true: " + cp);
        // The pumps' fake binlogs after the last transaction carry the checkpoint past it (spec §1.6).
        assertTrue(cp.commitTs() >= last, "the checkpoint is at or past the last commit ts " + last + ": " + cp);
        return d.compareAt(cp.commitTs());
    }

    private static boolean downstreamEquals(RunScenario s, DatabaseState expected) {
        try {
            return StateComparator.compare(expected, s.deployment().downstream()).isEqual();
        } catch (SQLException e) {
            return false; // tables not created yet
        }
    }

    /** The latest DML transaction (not the last one) whose effect no later transaction hides. */
    private static Transaction unmaskedDml(Workload w) {
        List<Transaction> txns = w.transactions();
        DatabaseState end = w.expectedAt(w.lastCommitTs());
        for (int i = txns.size() - 2; i >= 0; i--) {
            Transaction t = txns.get(i);
            if (t.isDdl()) {
                continue;
            }
            try {
                if (!StateComparator.compare(end, without(w, t).expectedAt(w.lastCommitTs())).isEqual()) {
                    return t;
                }
            } catch (IllegalStateException e) {
                // A later transaction changes its rows (old images no longer match): its loss would be hidden.
            }
        }
        throw new AssertionError("no DML transaction of the workload is left unmasked");
    }

    private static Workload without(Workload w, Transaction skipped) {
        return Workload.of(w.spec(), w.transactions().stream().filter(t -> t != skipped).toList());
    }
}
