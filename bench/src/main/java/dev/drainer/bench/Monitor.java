package dev.drainer.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches the run: samples heap use twice a second, records the heap left after each garbage
 * collection (the live data, which is what must stay bounded), and while a phase runs prints a
 * progress line every interval: phase, rows done, rows/s over the last interval.
 */
final class Monitor implements AutoCloseable {
    private static final long SAMPLE_MILLIS = 500;

    private final PrintStream out;
    private final Duration progressEvery;
    private final Thread thread;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener afterGc = this::afterGc;
    private volatile boolean running = true;
    private volatile long maxHeapUsed;
    private volatile long maxHeapAfterGc;
    private volatile String phase;
    private volatile LongSupplier rowsDone;
    private volatile long rowsTotal;

    Monitor(PrintStream out, Duration progressEvery) {
        this.out = out;
        this.progressEvery = progressEvery;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(afterGc, null, null);
                emitters.add(e);
            }
        }
        this.thread = new Thread(this::loop, "bench-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    /** Reports progress of {@code phase} from {@code rowsDone} until {@link #phaseEnded()}. */
    void phaseStarted(String phase, long rowsTotal, LongSupplier rowsDone) {
        this.rowsTotal = rowsTotal;
        this.rowsDone = rowsDone;
        this.phase = phase;
    }

    void phaseEnded() {
        phase = null;
        sampleHeap();
    }

    private void loop() {
        long lastPrint = System.nanoTime();
        String lastPhase = null;
        long lastRows = 0;
        while (running) {
            sampleHeap();
            String p = phase;
            if (p != null && !p.equals(lastPhase)) {
                lastPhase = p;
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

    private void afterGc(Notification n, Object handback) {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            long used = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo()
                    .getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
            maxHeapAfterGc = Math.max(maxHeapAfterGc, used);
        }
    }

    /** The most heap seen in use (sampled; includes garbage not yet collected). */
    long maxHeapUsed() {
        sampleHeap();
        return maxHeapUsed;
    }

    /** The most heap still in use right after a collection: the peak of live data (0 before any GC). */
    long maxHeapAfterGc() {
        return maxHeapAfterGc;
    }

    /** The process's peak resident set (VmHWM of /proc/self/status) in bytes, or -1 where there is none. */
    static long peakRss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
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
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(afterGc);
            } catch (ListenerNotFoundException ignored) {
                // Added in the constructor; nothing else removes it.
            }
        }
    }
}
