package dev.drainer.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Watches the run: samples heap use twice a second and, while a phase runs, prints a progress line
 * every interval: phase, rows done, rows/s over the last interval.
 */
final class Monitor implements AutoCloseable {
    private static final long SAMPLE_MILLIS = 500;

    private final PrintStream out;
    private final Duration progressEvery;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long maxHeapUsed;
    private volatile String phase;
    private volatile LongSupplier rowsDone;
    private volatile long rowsTotal;
    /** Counts phaseStarted calls: two phases of one name in a row (a warm-up, then the phase) are two phases. */
    private volatile long started;

    Monitor(PrintStream out, Duration progressEvery) {
        this.out = out;
        this.progressEvery = progressEvery;
        this.thread = new Thread(this::loop, "bench-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    /** Reports progress of {@code phase} from {@code rowsDone} until {@link #phaseEnded()}. */
    void phaseStarted(String phase, long rowsTotal, LongSupplier rowsDone) {
        this.rowsTotal = rowsTotal;
        this.rowsDone = rowsDone;
        this.phase = phase;
        started++;
    }

    void phaseEnded() {
        phase = null;
        sampleHeap();
    }

    private void loop() {
        long lastPrint = System.nanoTime();
        long lastStarted = 0;
        long lastRows = 0;
        while (running) {
            sampleHeap();
            String p = phase;
            if (p != null && started != lastStarted) {
                lastStarted = started;
                lastRows = 0;
                lastPrint = System.nanoTime();
            }
            long now = System.nanoTime();
            if (p != null && now - lastPrint >= progressEvery.toNanos()) {
                long rows = rowsDone.getAsLong();
                out.println(String.format(Locale.ROOT, "progress phase=%s rows=%d/%d rowsPerSec=%.0f", p, rows,
                        rowsTotal, (rows - lastRows) / ((now - lastPrint) / 1e9)));
                lastRows = rows;
                lastPrint = now;
            }
            try {
                Thread.sleep(Math.min(SAMPLE_MILLIS, progressEvery.toMillis()));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sampleHeap() {
        maxHeapUsed = Math.max(maxHeapUsed, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }

    /** The most heap seen in use (sampled; includes garbage not yet collected). */
    long maxHeapUsed() {
        sampleHeap();
        return maxHeapUsed;
    }

    /** The process's peak resident set (VmHWM of /proc/self/status) in bytes, or -1 where there is none. */
    static long peakRss() {
        return peakRss(Path.of("/proc/self/status"));
    }

    /** Process {@code pid}'s peak resident set so far in bytes, or -1 where there is none (or it is gone). */
    static long peakRss(long pid) {
        return peakRss(Path.of("/proc", Long.toString(pid), "status"));
    }

    private static long peakRss(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
