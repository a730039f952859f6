package dev.drainer.operator.bench;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Every timer of one name summed (JOSDK keeps one reconcile timer per Drainer): count, total time and the
 * percentile histogram's buckets. Percentiles cannot be merged across timers, buckets can: a percentile is read as
 * the upper bound of the bucket that holds it. The Prometheus registry keeps bucket counts cumulative and never
 * decays them, so two totals subtract to the figures of the time between them.
 *
 * @param buckets upper bound in ms → how many recordings were at most that long
 */
record TimerTotals(long count, double totalMillis, Map<Double, Double> buckets) {
    static TimerTotals of(MeterRegistry registry, String name) {
        long count = 0;
        double total = 0;
        Map<Double, Double> buckets = new TreeMap<>();
        for (Timer t : registry.find(name).timers()) {
            HistogramSnapshot s = t.takeSnapshot();
            count += s.count();
            total += s.total(TimeUnit.MILLISECONDS);
            for (CountAtBucket b : s.histogramCounts()) {
                buckets.merge(b.bucket(TimeUnit.MILLISECONDS), b.count(), Double::sum);
            }
        }
        return new TimerTotals(count, total, buckets);
    }

    /** What was recorded since {@code earlier}. */
    TimerTotals minus(TimerTotals earlier) {
        Map<Double, Double> diff = new TreeMap<>(buckets);
        earlier.buckets.forEach((bound, n) -> diff.merge(bound, -n, Double::sum));
        return new TimerTotals(count - earlier.count, totalMillis - earlier.totalMillis, diff);
    }

    /** The upper bound (ms) of the bucket holding quantile {@code q}; NaN without recordings or buckets. */
    double quantileUpperBound(double q) {
        double needed = q * count;
        for (Map.Entry<Double, Double> b : buckets.entrySet()) {
            if (count > 0 && b.getValue() >= needed) {
                return b.getKey();
            }
        }
        return Double.NaN;
    }

    double meanMillis() {
        return count == 0 ? Double.NaN : totalMillis / count;
    }
}
