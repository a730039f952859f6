package dev.drainer.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Waits for a JVM's JIT compiler threads to go idle, read from {@code /proc}: on two cores shared with the
 * server, the drainer child's C2 was still compiling what the warm-up had made hot at a quarter of a core
 * through the timed part of a live phase (docs/benchmark.md, "Warm-up"), which a drainer that runs for days never
 * pays.
 */
final class CompilerIdle {
    /** The window over which the compilers must stay (nearly) idle. */
    static final Duration WINDOW = Duration.ofSeconds(1);
    /** At most this much compiler CPU (20 ms at Linux's 100 ticks per second) per window counts as idle. */
    static final long IDLE_TICKS = 2;

    private CompilerIdle() {
    }

    /**
     * The CPU the C1 and C2 compiler threads of the process whose {@code /proc/<pid>/task} is {@code taskDir} have
     * used, in clock ticks; -1 when it cannot be read (the process is gone, or no {@code /proc}).
     */
    static long compilerTicks(Path taskDir) {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(taskDir)) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                String stat;
                try {
                    stat = Files.readString(t.resolve("stat"));
                } catch (IOException e) {
                    continue; // the thread ended between the listing and the read
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                String name = stat.substring(open + 1, close);
                if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
                    // Fields after the name: state is the first, utime the 12th and stime the 13th.
                    String[] f = stat.substring(close + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return ticks;
    }

    /** {@link #await(LongSupplier, Duration, Sleeper)} on process {@code pid}. */
    static double await(long pid, Duration max) throws InterruptedException {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        return await(() -> compilerTicks(tasks), max, Thread::sleep);
    }

    /** Sleeps for the given milliseconds; a test's fake advances a clock instead. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    /**
     * Waits until {@code ticks} grows by at most {@link #IDLE_TICKS} over a {@link #WINDOW}, or {@code max} has
     * passed, or it cannot be read; returns the seconds waited (windows slept through).
     */
    static double await(LongSupplier ticks, Duration max, Sleeper sleeper) throws InterruptedException {
        long windows = 0;
        long before = ticks.getAsLong();
        while (before >= 0 && windows * WINDOW.toMillis() < max.toMillis()) {
            sleeper.sleep(WINDOW.toMillis());
            windows++;
            long after = ticks.getAsLong();
            if (after < 0 || after - before <= IDLE_TICKS) {
                break;
            }
            before = after;
        }
        return windows * WINDOW.toMillis() / 1000.0;
    }
}
