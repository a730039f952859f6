package dev.drainer.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.runtime.cli.ExitCode;
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
 * checkpoint saves), restarted with PD up each time; then killed again with the upstream stopped
 * after each kill, where the restart must take the start-up recovery path (exit 69: with
 * {@code auto-recover = false} the checkpoint row untouched, with the default the relay log replayed to
 * {@code consistent=true} and the oracle); with the upstream back, the last run must bring the
 * downstream to the oracle at the final commit ts, every column of every row. A negative control shows
 * the same check catches a transaction the drainer skipped. Seeds: {@code -Dcrash.seed=N}.
 */
@ExtendWith(MariaDbExtension.class)
class DrainerRunKillTest {
    private static final long SEED = Long.getLong("crash.seed", 7);
    private static final int TRANSACTIONS = 900;
    private static final int KILLS = 4;
    /** Kills followed by a stopped upstream and a restart that must recover from the relay log alone. */
    private static final int PD_DOWN_KILLS = 2;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** The simulated PD, stopped, refuses at once: a few seconds of asking show it is unreachable. */
    private static final Duration PD_WAIT = Duration.ofSeconds(2);
    /**
     * Write-side crash points and the highest hit drawn for each: about a sixth of the workload's hits
     * at most (~1,500 two-row chunks, one relay write per batch and per rotation of ~500 files of 8 KiB, ~30 DDLs,
     * a save per DDL), so every kill lands with a backlog left: under load.
     */
    private static final Map<String, Integer> POINTS = Map.of(
            "loader.chunk.begin", 250, "loader.chunk.mid", 250, "loader.chunk.committed", 250,
            "relay.write.partial", 150, "relay.sync.before", 30, "relay.gc.deleted", 60,
            "loader.ddl.before", 5, "checkpoint.save.before", 6, "checkpoint.save.after", 6);

    @TempDir
    Path tmp;

    private RunScenario scenario(MariaDb db, String name, long clusterId, int transactions) throws Exception {
        return RunScenario.create(db, tmp.resolve(name), clusterId, 2, SEED, transactions, false, 4, 2, 8192);
    }

    @Test
    void killedUnderLoadAtRandomPointsAndRestartedWithPdUpOrDownItConvergesToTheOracle(MariaDb db) throws Exception {
        try (RunScenario s = scenario(db, "kills", 7_106_000_000_000_000_101L, TRANSACTIONS)) {
            Deployment d = s.deployment();
            s.feed().feedAll();
            Random rnd = new Random(SEED);
            List<String> landed = new ArrayList<>();
            for (int k = 1; k <= KILLS; k++) {
                killAtRandom(s, rnd, "kill " + k).ifPresent(landed::add);
            }
            assertTrue(landed.size() >= KILLS - 1, "kills under load: " + landed);

            for (int k = 1; k <= PD_DOWN_KILLS; k++) {
                s.cluster().restartUpstream();
                Optional<String> kill = killAtRandom(s, rnd, "kill " + (KILLS + k) + " (then the upstream stopped)");
                s.cluster().stopUpstream();
                restartWithPdDown(s, k == 1, kill.isPresent());
            }
            s.cluster().restartUpstream();

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
            s.writeConfig(List.of(skipped.commitTs()), true);
            s.feed().feedAll();

            ComparisonResult end = runToTheEnd(s, withoutIt);
            System.out.println("skipped commit ts " + skipped.commitTs() + "; the check reports:\n" + end.report());
            assertFalse(end.isEqual(), "the oracle comparison must see the skipped transaction");
        }
    }

    /**
     * Draws a crash point and hit number from {@code rnd} and runs the drainer with it armed until it is
     * killed there (or caught up first); the kill must leave no {@code consistent=true}. Returns the
     * point's spec when the kill landed there.
     */
    private static Optional<String> killAtRandom(RunScenario s, Random rnd, String label) throws Exception {
        Deployment d = s.deployment();
        List<String> names = POINTS.keySet().stream().sorted().toList();
        String point = names.get(rnd.nextInt(names.size()));
        int n = 1 + rnd.nextInt(POINTS.get(point));
        boolean reached = runAndKill(s, point, n);
        Optional<Checkpoint> cp = d.checkpoint();
        System.out.printf("seed=%d %s at %s: %s; checkpoint %s; downstream %s%n", SEED, label,
                CrashPoint.spec(point, n), reached ? "reached" : "NOT reached (killed idle)",
                cp.map(c -> "consistent=" + c.consistent() + " at " + progress(d, c)).orElse("not written yet"),
                d.matchingSnapshots().isEmpty() ? "torn" : "equal to an upstream snapshot");
        assertFalse(cp.map(Checkpoint::consistent).orElse(false), "a killed drainer leaves no consistent=true: " + cp);
        return reached ? Optional.of(CrashPoint.spec(point, n)) : Optional.empty();
    }

    /**
     * With the upstream stopped after a kill, {@code drainer run} must take the start-up recovery path and
     * exit 69. First, when {@code alsoWithoutAutoRecover}, with {@code auto-recover = false}: the checkpoint
     * row stays as the kill left it. Then with the default: the relay log replayed, {@code consistent=true}
     * (above the torn checkpoint when the kill landed under load: the relay log was ahead of it) and the
     * downstream equal to the oracle there.
     */
    private static void restartWithPdDown(RunScenario s, boolean alsoWithoutAutoRecover, boolean landed) throws Exception {
        Deployment d = s.deployment();
        Checkpoint torn = d.checkpoint().orElseThrow();
        boolean tornDownstream = d.matchingSnapshots().isEmpty();
        if (alsoWithoutAutoRecover) {
            s.writeConfig(List.of(), false);
            Deployment.Run off = s.runToExit(PD_WAIT, TIMEOUT);
            s.writeConfig(List.of(), true);
            assertEquals(ExitCode.PD_UNREACHABLE.code(), off.exitCode(), "auto-recover = false:\n" + tail(off));
            assertEquals(torn, d.checkpoint().orElseThrow(), "auto-recover = false leaves the checkpoint row alone");
            System.out.printf("seed=%d PD down, auto-recover = false: exit %d, checkpoint unchanged%n", SEED, off.exitCode());
        }
        Deployment.Run on = s.runToExit(PD_WAIT, TIMEOUT);
        Checkpoint recovered = d.checkpoint().orElseThrow();
        ComparisonResult there = d.compareAt(recovered.commitTs());
        System.out.printf("seed=%d PD down, start-up recovery: exit %d; checkpoint consistent=%s at %s (from %s); "
                        + "downstream %s, now %s to the oracle there%n", SEED, on.exitCode(), recovered.consistent(),
                progress(d, recovered), progress(d, torn), tornDownstream ? "torn before" : "equal to a snapshot before",
                there.isEqual() ? "equal" : "NOT equal");
        assertEquals(ExitCode.PD_UNREACHABLE.code(), on.exitCode(), "start-up recovery exits with the PD error:\n" + tail(on));
        assertTrue(recovered.consistent(), "start-up recovery saves consistent=true: " + recovered);
        if (landed) {
            assertTrue(recovered.commitTs() > torn.commitTs(), "recovered " + recovered + " not above the torn " + torn);
        } else {
            assertTrue(recovered.commitTs() >= torn.commitTs(), "recovered " + recovered + " below the torn " + torn);
        }
        assertTrue(there.isEqual(), "after start-up recovery the downstream differs from the oracle at "
                + recovered.commitTs() + ":\n" + there.report());
    }

    private static String progress(Deployment d, Checkpoint c) {
        return "transaction " + d.workload().upTo(c.commitTs()).size() + "/" + d.workload().transactions().size();
    }

    private static String tail(Deployment.Run run) {
        List<String> out = run.output();
        return String.join("\n", out.subList(Math.max(0, out.size() - 30), out.size()));
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
