package dev.drainer.runtime.metrics;

import java.util.Locale;

/** The Prometheus text-format metric types this registry writes. */
public enum MetricType {
    COUNTER,
    GAUGE,
    HISTOGRAM;

    /** The {@code # TYPE} spelling. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
