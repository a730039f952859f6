package dev.drainer.operator.control;

import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerStatus;
import dev.drainer.operator.observe.Tso;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-Drainer gauges (PD reachability, checkpoint lag) and the reconcile error counter, on the Prometheus
 * endpoint /q/metrics. Gauges read holders that each reconcile updates.
 */
public final class DrainerMetrics {
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> pdReachable = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lagSeconds = new ConcurrentHashMap<>();

    public DrainerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Publishes what the status says. */
    public void update(Drainer d, DrainerStatus status, Instant now) {
        String key = key(d);
        Tags tags = tags(d);
        if (status.pd != null && status.pd.reachable != null) {
            holder(pdReachable, key, "drainer_operator_pd_reachable", tags).set(status.pd.reachable ? 1 : 0);
        }
        if (status.checkpoint != null && status.checkpoint.commitTS != null) {
            long lag = Math.max(0, Duration.between(Tso.physicalTime(status.checkpoint.commitTS), now).toSeconds());
            holder(lagSeconds, key, "drainer_operator_checkpoint_lag_seconds", tags).set(lag);
        }
    }

    /** Counts a failed reconcile of {@code d}. */
    public void reconcileError(Drainer d) {
        registry.counter("drainer_operator_reconcile_errors", tags(d)).increment();
    }

    /** Drops the gauges of a deleted Drainer. */
    public void forget(Drainer d) {
        String key = key(d);
        pdReachable.remove(key);
        lagSeconds.remove(key);
        registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("drainer_operator_")
                        && d.getMetadata().getName().equals(m.getId().getTag("name"))
                        && d.getMetadata().getNamespace().equals(m.getId().getTag("namespace")))
                .forEach(registry::remove);
    }

    private AtomicLong holder(Map<String, AtomicLong> map, String key, String name, Tags tags) {
        return map.computeIfAbsent(key, k -> registry.gauge(name, tags, new AtomicLong()));
    }

    private static Tags tags(Drainer d) {
        return Tags.of("namespace", d.getMetadata().getNamespace(), "name", d.getMetadata().getName());
    }

    private static String key(Drainer d) {
        return d.getMetadata().getNamespace() + "/" + d.getMetadata().getName();
    }
}
