package dev.drainer.operator.bench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/**
 * The benchmark's own operator and mock server, with the production intervals instead of the test profile's (PD
 * probe and checkpoint read on every 1 s reconcile), and the observation timers enabled.
 */
public class ThroughputBenchProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        // The defaults of application.properties, restated because %test overrides them. The stall threshold is
        // raised because the benchmark's checkpoints never advance (nobody replicates), and a Stalled phase would
        // hide the Running one; it changes no work per reconcile.
        return Map.of("drainer.operator.pd-probe-interval", "10s",
                "drainer.operator.checkpoint-interval", "15s",
                "drainer.operator.resync-interval", "10s",
                "drainer.operator.stall-threshold", "1h",
                "quarkus.log.category.\"dev.drainer.operator\".level", "WARN");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(TimedObservations.class);
    }
}
