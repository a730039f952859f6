package dev.drainer.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.runtime.cli.ExitCode;
import dev.drainer.runtime.cli.Main;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import dev.drainer.testkit.downstream.ComparisonResult;
import dev.drainer.testkit.process.CrashPointResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 the applying JVM at many points (relay append, torn record write, rotation, fsync, GC,
 * mid-chunk, after a chunk commits, around DDLs and checkpoint saves), then run {@code recover} in a
 * fresh JVM: the downstream must equal the workload oracle at the checkpoint's commit ts, every
 * column of every row. The same runs show that without recovery most kill points inside a batch leave a
 * downstream that equals no upstream snapshot, so the check can fail. Seeds: {@code -Dcrash.seed=N}.
 */
@ExtendWith(MariaDbExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashConsistencyTest {
    private static final long SEED = Long.getLong("crash.seed", 7);
    private static final int TRANSACTIONS = 400;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** Kill points of the applier, as {@code point#n} (the n-th time the point is reached). */
    private static final List<String> APPLIER_POINTS = List.of(
            // Around batches: the downstream is usually whole here (the relay append of the next batch may
            // overlap the loader's apply of the last one); these prove recovery is harmless.
            "relay.append.before#3", "relay.write.partial#40", "relay.write.partial#70",
            "relay.append.after#90", "relay.rotate.created#1", "relay.rotate.created#4", "relay.sync.before#12",
            "relay.gc.deleted#1", "relay.gc.deleted#3",
            "loader.ddl.before#6", "loader.ddl.after#3",
            "checkpoint.save.before#3", "checkpoint.save.after#2", "checkpoint.save.before#6",
            // Inside a batch: other workers' chunks may have committed, so the downstream is usually torn.
            "loader.chunk.begin#30",
            "loader.chunk.mid#5", "loader.chunk.mid#12", "loader.chunk.mid#25", "loader.chunk.mid#40",
            "loader.chunk.mid#60", "loader.chunk.mid#85", "loader.chunk.mid#110", "loader.chunk.mid#140",
            "loader.chunk.mid#170", "loader.chunk.mid#200", "loader.chunk.mid#220", "loader.chunk.mid#240",
            "loader.chunk.committed#8", "loader.chunk.committed#15", "loader.chunk.committed#30",
            "loader.chunk.committed#45", "loader.chunk.committed#65", "loader.chunk.committed#90",
            "loader.chunk.committed#115", "loader.chunk.committed#165", "loader.chunk.committed#200",
            "loader.chunk.committed#230", "loader.chunk.committed#260", "loader.chunk.committed#300");
    /** Kill points inside {@code recover} itself; it must converge when run again. */
    private static final List<String> RECOVER_POINTS = List.of(
            "loader.chunk.begin#1", "loader.chunk.begin#6", "loader.chunk.mid#1", "loader.chunk.mid#4",
            "loader.chunk.mid#9", "loader.chunk.committed#1", "loader.chunk.committed#3", "loader.chunk.committed#8",
            "recovery.batch.applied#1", "recovery.batch.applied#2", "recovery.batch.applied#4", "recovery.save.before#1");

    private static final Map<String, Boolean> TORN = new ConcurrentHashMap<>();
    private static final Map<String, Boolean> RECOVER_KILLED = new ConcurrentHashMap<>();

    private final MariaDb db;
    @TempDir
    static Path tmp;

    CrashConsistencyTest(MariaDb db) {
        this.db = db;
    }

    private CrashScenario scenario(String name) throws Exception {
        return CrashScenario.create(db, tmp.resolve(name.replaceAll("[^A-Za-z0-9]", "_")), SEED, TRANSACTIONS, 4, 2, 8192);
    }

    private static String point(String spec) {
        return spec.substring(0, spec.indexOf('#'));
    }

    private static int nth(String spec) {
        return Integer.parseInt(spec.substring(spec.indexOf('#') + 1));
    }

    /** Runs recover in a fresh JVM and checks the downstream against the oracle at the new checkpoint. */
    static void recoverAndVerify(Deployment s, String what) throws Exception {
        Deployment.Run rec = s.recover(Main.class.getName(), null, 0, TIMEOUT);
        assertEquals(ExitCode.OK.code(), rec.exitCode(), what + ": recover output:\n" + String.join("\n", rec.output()));
        Checkpoint cp = s.checkpoint().orElseThrow();
        assertTrue(cp.consistent(), what + ": checkpoint not consistent after recover: " + cp);
        ComparisonResult r = s.compareAt(cp.commitTs());
        assertTrue(r.isEqual(), what + ": downstream differs from the oracle at commit ts " + cp.commitTs() + ":\n" + r.report());
    }

    @TestFactory
    @Order(1)
    Stream<DynamicTest> applierKilledAnywhereIsRecovered() {
        return APPLIER_POINTS.stream().map(spec -> DynamicTest.dynamicTest("kill applier at " + spec, () -> {
            CrashScenario s = scenario("applier-" + spec);
            CrashPointResult crash = s.applyAndKill(point(spec), nth(spec), TIMEOUT);
            assertTrue(crash.reached(), spec + " was not reached (" + crash.outcome() + ", exit " + crash.exitCode()
                    + "); applier log:\n" + s.deployment().logTail("applier.log", 40));
            Deployment d = s.deployment();
            List<Long> snapshots = d.matchingSnapshots();
            TORN.put(spec, snapshots.isEmpty());
            Checkpoint before = d.checkpoint().orElseThrow();
            assertTrue(!before.consistent(), spec + ": a crashed run must leave consistent=false, found " + before);
            recoverAndVerify(d, spec);
        }));
    }

    /**
     * The kill points inside a batch (a chunk started, half done or just committed while other workers run
     * theirs) must mostly leave a downstream that equals no upstream snapshot: without recovery the check
     * above would fail there. How many of the points around batches also tear depends on how batches and
     * relay appends overlap, so they are only reported.
     */
    @Test
    @Order(2)
    void withoutRecoveryMostKillPointsInsideABatchLeaveATornDownstream() {
        assertEquals(APPLIER_POINTS.size(), TORN.size(), "every kill point ran: " + TORN.keySet());
        List<String> torn = new ArrayList<>(TORN.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).sorted().toList());
        System.out.printf("torn without recovery at %d of %d kill points: %s%n", torn.size(), TORN.size(), torn);
        List<String> inside = TORN.keySet().stream().filter(p -> p.startsWith("loader.chunk.")).toList();
        long tornInside = torn.stream().filter(p -> p.startsWith("loader.chunk.")).count();
        assertTrue(tornInside * 2 >= inside.size(), "only " + tornInside + " of the " + inside.size()
                + " kill points inside a batch left a downstream matching no snapshot: " + torn);
    }

    @TestFactory
    @Order(3)
    Stream<DynamicTest> recoverKilledAnywhereConvergesWhenRunAgain() {
        return RECOVER_POINTS.stream().map(spec -> DynamicTest.dynamicTest("kill recover at " + spec, () -> {
            CrashScenario s = scenario("recover-" + spec);
            assertTrue(s.applyAndKill("loader.chunk.mid", 200, TIMEOUT).reached(), "the applier crash must happen");
            Deployment d = s.deployment();
            Deployment.Run first = d.recover(CrashableDrainer.class.getName(), point(spec), nth(spec), TIMEOUT);
            RECOVER_KILLED.put(spec, first.killed());
            if (first.killed()) {
                Checkpoint mid = d.checkpoint().orElseThrow();
                assertTrue(!mid.consistent(), spec + ": a killed recover must not mark the checkpoint consistent");
                recoverAndVerify(d, "after recover killed at " + spec);
            } else {
                // The point lies beyond this replay: the first run finished the recovery itself.
                assertEquals(ExitCode.OK.code(), first.exitCode(), spec + ":\n" + String.join("\n", first.output()));
                Checkpoint cp = d.checkpoint().orElseThrow();
                assertTrue(cp.consistent(), spec + ": " + cp);
                ComparisonResult r = d.compareAt(cp.commitTs());
                assertTrue(r.isEqual(), spec + ": " + r.report());
            }
        }));
    }

    @Test
    @Order(4)
    void recoverWasKilledAtTenPointsOrMore() {
        long killed = RECOVER_KILLED.values().stream().filter(b -> b).count();
        System.out.printf("recover killed at %d of %d points: %s%n", killed, RECOVER_KILLED.size(), RECOVER_KILLED);
        assertTrue(killed >= 10, "recover was killed at only " + killed + " points: " + RECOVER_KILLED);
    }
}
