package dev.drainer.runtime.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A histogram family with fixed upper bounds: {@code _bucket{le=...}} cumulative counts ending with
 * {@code le="+Inf"}, then {@code _sum} and {@code _count}, as the Go client writes them.
 */
public final class Histogram extends Family<Histogram.Child> {
    /** One histogram. */
    public static final class Child {
        private final double[] bounds;
        // One slot per bound plus the +Inf one; not cumulative until written.
        private final AtomicLongArray counts;
        private final DoubleAdder sum = new DoubleAdder();

        Child(double[] bounds) {
            this.bounds = bounds;
            this.counts = new AtomicLongArray(bounds.length + 1);
        }

        public void observe(double v) {
            int i = Arrays.binarySearch(bounds, v);
            // An exact hit belongs to that bucket (le is inclusive); otherwise the first larger bound.
            counts.incrementAndGet(i >= 0 ? i : -i - 1);
            sum.add(v);
        }
    }

    private final double[] bounds;

    Histogram(String name, String help, double[] bounds, List<String> labelNames) {
        super(name, help, labelNames, () -> new Child(bounds));
        for (int i = 1; i < bounds.length; i++) {
            if (!(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException("histogram " + name + ": bucket bounds must increase; "
                        + bounds[i - 1] + " is followed by " + bounds[i]);
            }
        }
        this.bounds = bounds;
    }

    /** {@code count} bounds {@code start, start*factor, ...}, multiplied step by step as Go's ExponentialBuckets. */
    public static double[] exponentialBuckets(double start, double factor, int count) {
        if (count < 1 || start <= 0 || factor <= 1) {
            throw new IllegalArgumentException("exponential buckets need count >= 1, start > 0, factor > 1; got count="
                    + count + " start=" + start + " factor=" + factor);
        }
        double[] out = new double[count];
        out[0] = start;
        for (int i = 1; i < count; i++) {
            out[i] = out[i - 1] * factor;
        }
        return out;
    }

    /** The upper bounds, without +Inf. */
    public double[] bounds() {
        return bounds.clone();
    }

    @Override
    public MetricType type() {
        return MetricType.HISTOGRAM;
    }

    @Override
    void writeSamples(TextWriter w) {
        for (Map.Entry<List<String>, Child> e : sortedChildren()) {
            Child c = e.getValue();
            // Read the counts once so buckets, +Inf and _count agree with one another.
            long cumulative = 0;
            for (int i = 0; i < bounds.length; i++) {
                cumulative += c.counts.get(i);
                w.sample(name() + "_bucket", labelNames(), e.getKey(), "le", GoFloat.format(bounds[i]), cumulative);
            }
            cumulative += c.counts.get(bounds.length);
            w.sample(name() + "_bucket", labelNames(), e.getKey(), "le", "+Inf", cumulative);
            w.sample(name() + "_sum", labelNames(), e.getKey(), null, null, c.sum.sum());
            w.sample(name() + "_count", labelNames(), e.getKey(), null, null, cumulative);
        }
    }
}
