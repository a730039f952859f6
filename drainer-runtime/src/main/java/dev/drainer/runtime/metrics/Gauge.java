package dev.drainer.runtime.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** A gauge family: values set to whatever is current. */
public final class Gauge extends Family<Gauge.Child> {
    /** One gauge. */
    public static final class Child {
        private final AtomicLong bits = new AtomicLong(Double.doubleToLongBits(0));

        public void set(double v) {
            bits.set(Double.doubleToLongBits(v));
        }

        public double value() {
            return Double.longBitsToDouble(bits.get());
        }
    }

    Gauge(String name, String help, List<String> labelNames) {
        super(name, help, labelNames, Child::new);
    }

    @Override
    public MetricType type() {
        return MetricType.GAUGE;
    }

    @Override
    void writeSamples(TextWriter w) {
        for (Map.Entry<List<String>, Child> e : sortedChildren()) {
            w.sample(name(), labelNames(), e.getKey(), null, null, e.getValue().value());
        }
    }
}
