package dev.drainer.operator.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.drainer.operator.Fixtures;
import dev.drainer.operator.api.Drainer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** A failed reconcile, as JOSDK reports it to the reconciler, counts on its Drainer's error counter. */
class DrainerMetricsTest {
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final DrainerMetrics metrics = new DrainerMetrics(registry);
    // Only the error path is exercised: it touches the metrics and the log, nothing else.
    private final DrainerReconciler reconciler = new DrainerReconciler(null, null, null, null, metrics, null, null,
            Clock.systemUTC());

    private Counter errors(String name) {
        return registry.find("drainer_operator_reconcile_errors").tag("namespace", "ns").tag("name", name).counter();
    }

    @Test
    void reconcileErrorsAreCountedPerDrainerAndDroppedWithIt() {
        Drainer a = Fixtures.drainer("ns", "a");
        reconciler.updateErrorStatus(a, null, new IllegalStateException("boom"));
        reconciler.updateErrorStatus(a, null, new IllegalStateException("boom again"));
        reconciler.updateErrorStatus(Fixtures.drainer("ns", "b"), null, new IllegalStateException("boom"));
        assertEquals(2.0, errors("a").count());
        assertEquals(1.0, errors("b").count());

        metrics.forget(a);
        assertNull(errors("a"), "a deleted Drainer leaves no series behind");
        assertEquals(1.0, errors("b").count());
    }
}
