package dev.drainer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompilerIdleTest {
    @Test
    void sumsTheCompilerThreadsOnlyEvenWithSpacesAndParenthesesInNames(@TempDir Path tasks) throws Exception {
        stat(tasks, 101, "C2 CompilerThre", 700, 12);
        stat(tasks, 102, "C1 CompilerThre", 90, 3);
        stat(tasks, 103, "pipeline-source", 5000, 40);
        stat(tasks, 104, "odd) name (x", 9000, 9);
        assertEquals(805, CompilerIdle.compilerTicks(tasks));
        assertEquals(-1, CompilerIdle.compilerTicks(tasks.resolve("gone")));
    }

    @Test
    void readsTheCompilerThreadsOfARealJvmByTheirNames() {
        // This JVM compiled JUnit and the test classes: its C1/C2 threads, named as HotSpot names them, used CPU.
        assertTrue(CompilerIdle.compilerTicks(Path.of("/proc/self/task")) > 0,
                "no CPU found for threads named C1/C2 Compiler… in /proc/self/task");
    }

    @Test
    void waitsUntilAWindowIsQuietAndCountsTheWindowsSlept() throws Exception {
        ArrayDeque<Long> readings = new ArrayDeque<>(List.of(0L, 40L, 75L, 77L, 200L));
        double waited = CompilerIdle.await(readings::poll, Duration.ofSeconds(30), millis -> { });
        assertEquals(3.0, waited, "quiet in the third window (75 -> 77)");
        assertEquals(List.of(200L), List.copyOf(readings), "nothing read after the quiet window");
    }

    @Test
    void givesUpAtTheLimitOrWhenTheProcessIsGone() throws Exception {
        long[] busy = {0};
        assertEquals(5.0, CompilerIdle.await(() -> busy[0] += 50, Duration.ofSeconds(5), millis -> { }));
        ArrayDeque<Long> gone = new ArrayDeque<>(List.of(10L, 60L, -1L));
        assertEquals(2.0, CompilerIdle.await(gone::poll, Duration.ofSeconds(30), millis -> { }));
        assertEquals(0.0, CompilerIdle.await(() -> -1, Duration.ofSeconds(30), millis -> { }));
    }

    private static void stat(Path tasks, int tid, String name, long utime, long stime) throws Exception {
        Path dir = Files.createDirectories(tasks.resolve(Integer.toString(tid)));
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        Files.writeString(dir.resolve("stat"), tid + " (" + name + ") S 1 1 1 0 -1 4194368 10 0 0 0 " + utime + " "
                + stime + " 0 0 20 0 30 0 100 0 0\n");
    }
}
