package dev.drainer.operator.control;

import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerStatus;
import dev.drainer.operator.api.Phase;
import dev.drainer.operator.api.RecoveryStatus;
import dev.drainer.operator.observe.Tso;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-Drainer gauges (PD reachability, checkpoint lag), the reconcile error counter, and the recovery meters
 * (recoveries by result, time to fence, time to Recovered), on the Prometheus endpoint /q/metrics. Gauges read
 * holders that each reconcile updates.
 */
public final class DrainerMetrics {
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> pdReachable = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lagSeconds = new ConcurrentHashMap<>();

    public DrainerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Publishes what the status says, and counts and times the recovery steps between {@code before} and it. */
    public void update(Drainer d, DrainerStatus before, DrainerStatus status, Instant now) {
        recovery(d, before, status);
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

    private void recovery(Drainer d, DrainerStatus before, DrainerStatus after) {
        RecoveryStatus was = before == null ? null : before.recovery;
        RecoveryStatus is = after.recovery;
        if (is == null || is.startedAt == null) {
            return;
        }
        boolean sameRecovery = was != null && Objects.equals(was.startedAt, is.startedAt);
        if (is.fencedAt != null && (!sameRecovery || was.fencedAt == null)) {
            registry.timer("drainer_operator_recovery_fence", tags(d))
                    .record(Duration.between(Instant.parse(is.startedAt), Instant.parse(is.fencedAt)));
        }
        if (is.finishedAt != null && (!sameRecovery || was.finishedAt == null)) {
            Phase phase = after.phase;
            String result = phase == Phase.Stopped ? "Interrupted" : phase.name();
            registry.counter("drainer_operator_recoveries", tags(d).and("result", result)).increment();
            if (phase == Phase.Recovered) {
                registry.timer("drainer_operator_recovery_duration", tags(d))
                        .record(Duration.between(Instant.parse(is.startedAt), Instant.parse(is.finishedAt)));
            }
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
