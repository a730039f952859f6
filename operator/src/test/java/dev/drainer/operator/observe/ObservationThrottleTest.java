package dev.drainer.operator.observe;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ObservationThrottleTest {
    @Test
    void atMostOnceAnIntervalPerKey() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        ObservationThrottle t = new ObservationThrottle(Duration.ofSeconds(10));
        assertTrue(t.due("a", t0));
        assertFalse(t.due("a", t0.plusSeconds(9)));
        assertTrue(t.due("b", t0.plusSeconds(9)), "keys are independent");
        assertTrue(t.due("a", t0.plusSeconds(10)));
        assertFalse(t.due("a", t0.plusSeconds(11)));
        t.forget("a");
        assertTrue(t.due("a", t0.plusSeconds(12)));
    }
}
