package dev.drainer.runtime.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;

/** A counter family: values only go up, and the name is written exactly as given (no {@code _total} added). */
public final class Counter extends Family<Counter.Child> {
    /** One counter. */
    public static final class Child {
        private final DoubleAdder value = new DoubleAdder();

        public void inc() {
            value.add(1);
        }

        /** Adds {@code n}, which must not be negative. */
        public void add(double n) {
            if (n < 0) {
                throw new IllegalArgumentException("counter increment " + n + " is negative; counters only go up");
            }
            value.add(n);
        }

        public double value() {
            return value.sum();
        }
    }

    Counter(String name, String help, List<String> labelNames) {
        super(name, help, labelNames, Child::new);
    }

    @Override
    public MetricType type() {
        return MetricType.COUNTER;
    }

    @Override
    void writeSamples(TextWriter w) {
        for (Map.Entry<List<String>, Child> e : sortedChildren()) {
            w.sample(name(), labelNames(), e.getKey(), null, null, e.getValue().value());
        }
    }
}
