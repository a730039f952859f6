package dev.drainer.runtime.run;

import dev.drainer.runtime.metrics.Gauge;
import dev.drainer.runtime.metrics.MetricRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The worst drain time seen (stop request to {@code consistent=true}), kept across runs in
 * {@code <data-dir>/worst-drain-millis} so the operator can size {@code terminationGracePeriodSeconds}:
 * a drain's own process exits right after it, so the gauge {@value #METRIC} shows the worst of the
 * earlier runs, and the final log line the worst including this one.
 */
final class DrainTimes {
    private static final System.Logger LOG = System.getLogger(DrainTimes.class.getName());
    static final String FILE = "worst-drain-millis";
    static final String METRIC = "drainer_worst_drain_seconds";

    private final Path file;
    private final Gauge.Child gauge;
    private volatile long worstMillis;

    DrainTimes(Path dataDir, MetricRegistry registry) {
        this.file = dataDir.resolve(FILE);
        this.gauge = registry.gauge(METRIC, "Worst time (s) seen from a stop request to consistent=true, over the runs"
                + " that kept this data-dir (extension).").labels();
        this.worstMillis = read(file);
        gauge.set(worstMillis / 1000.0);
    }

    /** Records one drain; returns the worst seen, this one included. A file that cannot be written is logged. */
    long record(long drainMillis) {
        if (drainMillis > worstMillis) {
            worstMillis = drainMillis;
            gauge.set(drainMillis / 1000.0);
            try {
                Files.createDirectories(file.getParent());
                Path tmp = file.resolveSibling(FILE + ".tmp");
                Files.writeString(tmp, Long.toString(drainMillis), StandardCharsets.US_ASCII);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot keep the worst drain time file={0} error={1}", file, e.getMessage());
            }
        }
        return worstMillis;
    }

    long worstMillis() {
        return worstMillis;
    }

    private static long read(Path file) {
        try {
            return Files.exists(file) ? Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()) : 0;
        } catch (IOException | NumberFormatException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring an unreadable worst drain time file={0} error={1}", file, e.getMessage());
            return 0;
        }
    }
}
