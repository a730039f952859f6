package dev.drainer.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import dev.drainer.testkit.downstream.ComparisonResult;
import dev.drainer.testkit.process.CrashPoint;
import dev.drainer.testkit.process.CrashPointResult;
import dev.drainer.testkit.workload.Ddl;
import dev.drainer.testkit.workload.Transaction;
import dev.drainer.testkit.workload.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 the applier right around DDLs that a replay of the rows before them cannot survive (rename
 * and drop table take the table away, drop column and add index change it): before and after the
 * downstream DDL, before and after the checkpoint save that follows it; then {@code recover} in a
 * fresh JVM must bring the downstream to the oracle at the checkpoint's commit ts. Also a
 * {@code recover} killed after a replayed DDL must converge when run again, and an applier restarted
 * after such a kill (as {@code drainer run} with PD up) must resume from the checkpoint to the end. The workload opts into
 * every DDL kind; seed 9 has all four opt-in kinds mid-stream (the test checks it).
 */
@ExtendWith(MariaDbExtension.class)
class DdlCrashConsistencyTest {
    private static final long SEED = 9;
    private static final int TRANSACTIONS = 220;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String DDL_BEFORE = "loader.ddl.before";
    private static final String DDL_AFTER = "loader.ddl.after";
    private static final String SAVE_BEFORE = "checkpoint.save.before";
    private static final String SAVE_AFTER = "checkpoint.save.after";

    private final MariaDb db;
    @TempDir
    static Path tmp;

    DdlCrashConsistencyTest(MariaDb db) {
        this.db = db;
    }

    private CrashScenario scenario(String name) throws Exception {
        return CrashScenario.withAllDdlKinds(db, tmp.resolve(name.replaceAll("[^A-Za-z0-9]", "_")), SEED, TRANSACTIONS,
                4, 2, 8192);
    }

    /**
     * The hit number of the loader's DDL probes at the first mid-stream DDL of {@code kind}: the loader
     * passes them once per DDL transaction, the initial CREATE TABLEs included.
     */
    private static int nthDdl(Workload w, Ddl.Kind kind) {
        List<Transaction> ddls = w.transactions().stream().filter(Transaction::isDdl).toList();
        for (int i = w.spec().tables(); i < ddls.size(); i++) {
            if (ddls.get(i).ddl().kind() == kind) {
                return i + 1;
            }
        }
        throw new AssertionError("seed " + SEED + " has no mid-stream " + kind + " in " + TRANSACTIONS + " transactions");
    }

    /** Crash points as {@link CrashPoint} specifications, resolved against the seed's workload. */
    private static List<String> applierPoints(Workload w) {
        int rename = nthDdl(w, Ddl.Kind.RENAME_TABLE);
        return List.of(
                CrashPoint.spec(DDL_BEFORE, rename),
                // Right after the DDL: since the fix nothing runs between it and the save that follows.
                CrashPoint.after(DDL_AFTER, rename, SAVE_BEFORE, 1),
                CrashPoint.after(DDL_AFTER, rename, SAVE_AFTER, 1),
                CrashPoint.spec(DDL_AFTER, nthDdl(w, Ddl.Kind.DROP_TABLE)),
                CrashPoint.spec(DDL_AFTER, nthDdl(w, Ddl.Kind.DROP_COLUMN)),
                CrashPoint.spec(DDL_AFTER, nthDdl(w, Ddl.Kind.ADD_INDEX)));
    }

    @TestFactory
    Stream<DynamicTest> applierKilledAroundADdlIsRecovered() throws Exception {
        // The kinds and their order depend on the seed only, not on the schema name.
        Workload w = Workload.generate(WorkloadApplier.spec(SEED, "probe", TRANSACTIONS, true));
        return applierPoints(w).stream().map(spec -> DynamicTest.dynamicTest("kill applier at " + spec, () -> {
            CrashScenario s = scenario("applier-" + spec);
            CrashPointResult crash = s.applyAndKill(spec, TIMEOUT);
            assertTrue(crash.reached(), spec + " was not reached (" + crash.outcome() + ", exit " + crash.exitCode()
                    + "); applier log:\n" + s.deployment().logTail("applier.log", 40));
            Checkpoint before = s.deployment().checkpoint().orElseThrow();
            assertTrue(!before.consistent(), spec + ": a crashed run must leave consistent=false, found " + before);
            CrashConsistencyTest.recoverAndVerify(s.deployment(), spec);
        }));
    }

    @Test
    void recoverKilledAfterAReplayedDdlConvergesWhenRunAgain() throws Exception {
        CrashScenario s = scenario("recover-killed");
        Workload w = s.deployment().workload();
        int drop = nthDdl(w, Ddl.Kind.DROP_TABLE);
        assertTrue(s.applyAndKill(DDL_BEFORE, drop, TIMEOUT).reached(), "the applier crash must happen");
        Deployment d = s.deployment();
        // Recover dies right after the drop table, which the applier did not run: counted among the DDLs it replays.
        long from = d.checkpoint().orElseThrow().commitTs();
        long dropTs = w.transactions().stream().filter(Transaction::isDdl).skip(drop - 1).findFirst().orElseThrow().commitTs();
        int replayed = (int) w.transactions().stream().filter(t -> t.isDdl() && t.commitTs() > from && t.commitTs() <= dropTs)
                .count();
        Deployment.Run first = d.recover(CrashableDrainer.class.getName(), DDL_AFTER, replayed, TIMEOUT);
        assertTrue(first.killed(), "recover must reach the DDL:\n" + String.join("\n", first.output()));
        assertTrue(!d.checkpoint().orElseThrow().consistent(), "a killed recover must not mark the checkpoint consistent");
        CrashConsistencyTest.recoverAndVerify(d, "after recover killed after the replayed drop table");
    }

    @Test
    void applierRestartedAfterAKillAfterADdlResumesFromTheCheckpoint() throws Exception {
        CrashScenario s = scenario("restarted");
        Workload w = s.deployment().workload();
        assertTrue(s.applyAndKill(DDL_AFTER, nthDdl(w, Ddl.Kind.DROP_TABLE), TIMEOUT).reached(), "the applier crash must happen");
        int exit = s.applyToEnd(TIMEOUT);
        assertEquals(0, exit, "the resumed applier must finish; its log:\n" + s.deployment().logTail("applier-resumed.log", 40));
        Checkpoint cp = s.deployment().checkpoint().orElseThrow();
        assertEquals(new Checkpoint(true, w.lastCommitTs(), cp.tsMap(), cp.schemaVersion()), cp, "a clean end at the last commit ts");
        ComparisonResult r = s.deployment().compareAt(cp.commitTs());
        assertTrue(r.isEqual(), "downstream differs from the oracle at the end:\n" + r.report());
    }
}
