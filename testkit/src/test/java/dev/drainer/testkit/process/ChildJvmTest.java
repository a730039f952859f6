package dev.drainer.testkit.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildJvmTest {
    private static final Duration T = Duration.ofSeconds(30);

    @Test
    void capturesOutputPassesPropertiesAndEnvAndReportsExitCode() throws Exception {
        try (ChildJvm child = ChildJvm.builder(TinyChildMain.class).args("echo", "3", "hello", "world")
                .systemProperty("child.prop", "p1").env("CHILD_ENV", "e1").start()) {
            assertEquals("world", child.awaitLine(l -> l.startsWith("wor"), T).orElseThrow());
            assertEquals(3, child.awaitExit(T));
            assertTrue(child.output().contains("hello"));
            assertTrue(child.output().contains("to stderr p1 e1"), child.output().toString());
            assertTrue(Files.readAllLines(child.outputFile()).contains("to stderr p1 e1"));
            // Output ended without a match: no waiting for the full timeout.
            assertTrue(child.awaitLine(l -> l.equals("never"), Duration.ofMinutes(5)).isEmpty());
        }
    }

    @Test
    void kill9KillsABlockedChild() throws Exception {
        ChildJvm child = ChildJvm.builder(TinyChildMain.class).args("sleep").start();
        try (child) {
            assertTrue(child.awaitLine("READY"::equals, T).isPresent());
            assertTrue(child.isAlive());
            child.kill9();
            assertFalse(child.isAlive());
            assertEquals(137, child.process().exitValue()); // 128 + SIGKILL
            assertThrows(IllegalStateException.class, () -> child.awaitLine("x"::equals, Duration.ZERO)
                    .orElseThrow(IllegalStateException::new));
        }
    }

    @Test
    void closeKillsALiveChild() throws Exception {
        ChildJvm child = ChildJvm.builder(TinyChildMain.class).args("sleep").start();
        child.awaitLine("READY"::equals, T);
        child.close();
        assertFalse(child.isAlive());
    }

    @Test
    void killsAtTheChosenCrashPoint() throws Exception {
        try (ChildJvm child = ChildJvm.builder(TinyChildMain.class).args("steps", "5")
                .crashPoint("after-step", 3).start()) {
            CrashPointResult r = child.killAtCrashPoint(T);
            assertTrue(r.reached(), r.toString());
            assertEquals("CRASHPOINT after-step 3", r.markerLine());
            assertEquals(137, r.exitCode());
            assertTrue(child.output().contains("step 3 done"));
            assertFalse(child.output().contains("step 4 done"), child.output().toString());
        }
    }

    @Test
    void aChainedPointCountsFromTheArmingHit() throws Exception {
        // The 2nd before-step after the 3rd after-step: the one that starts step 5, not the 2nd overall.
        try (ChildJvm child = ChildJvm.builder(TinyChildMain.class).args("steps", "6")
                .crashPoints(CrashPoint.after("after-step", 3, "before-step", 2)).start()) {
            CrashPointResult r = child.killAtCrashPoint(T);
            assertTrue(r.reached(), r.toString());
            assertEquals("CRASHPOINT before-step 2", r.markerLine());
            assertTrue(child.output().contains("step 4 done"), child.output().toString());
            assertFalse(child.output().contains("step 5 done"), child.output().toString());
        }
    }

    @Test
    void reportsAPointNotReachedWhenTheChildExitsNormally() throws Exception {
        try (ChildJvm child = ChildJvm.builder(TinyChildMain.class).args("steps", "2")
                .crashPoint("before-step", 7).start()) {
            CrashPointResult r = child.killAtCrashPoint(T);
            assertEquals(CrashPointResult.Outcome.EXITED, r.outcome());
            assertEquals(0, r.exitCode());
            assertTrue(child.output().contains("all steps done"));
        }
    }

    @Test
    void reportsATimeoutAndKills() throws Exception {
        try (ChildJvm child = ChildJvm.builder(TinyChildMain.class).args("sleep").start()) {
            CrashPointResult r = child.killAtCrashPoint(Duration.ofSeconds(2));
            assertEquals(CrashPointResult.Outcome.TIMED_OUT, r.outcome());
            assertFalse(child.isAlive());
        }
    }

    @Test
    void crashPointSpecParsing() {
        assertEquals(Map.of("a", 2, "b.c", 1), CrashPoint.parse("a#2, b.c#1"));
        assertEquals("relay-write#4", CrashPoint.spec("relay-write", 4));
        assertThrows(IllegalArgumentException.class, () -> CrashPoint.parse("nohash"));
        assertThrows(IllegalArgumentException.class, () -> CrashPoint.parse("x#0"));
        assertThrows(IllegalArgumentException.class, () -> CrashPoint.spec("a#b", 1));
        assertEquals("a#3>b#1", CrashPoint.after("a", 3, "b", 1));
        assertThrows(IllegalArgumentException.class, () -> CrashPoint.of("a#1,b#1>c#1"));
        assertThrows(IllegalArgumentException.class, () -> CrashPoint.of("a#1>c#1,d#2"));
        CrashPoint.of(null).accept("anything"); // no-op hook
        CrashPoint.of("other#1").accept("not-this-one");
    }
}
