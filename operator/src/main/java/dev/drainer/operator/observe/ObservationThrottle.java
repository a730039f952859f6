package dev.drainer.operator.observe;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds how often an external system is asked about one Drainer, however often it is reconciled (status writes
 * and informer events must not turn into a PD or database storm).
 */
public final class ObservationThrottle {
    private final Duration interval;
    private final Map<String, Instant> last = new ConcurrentHashMap<>();

    public ObservationThrottle(Duration interval) {
        this.interval = interval;
    }

    /** True (and the time recorded) when {@code key} was not observed within the interval before {@code now}. */
    public boolean due(String key, Instant now) {
        return due(key, now, interval);
    }

    /** {@link #due(String, Instant)} with another interval for this key (a Drainer's own probe interval). */
    public boolean due(String key, Instant now, Duration interval) {
        boolean[] due = {false};
        last.compute(key, (k, previous) -> {
            if (previous == null || !now.isBefore(previous.plus(interval))) {
                due[0] = true;
                return now;
            }
            return previous;
        });
        return due[0];
    }

    /** Forgets a deleted Drainer. */
    public void forget(String key) {
        last.remove(key);
    }
}
