package dev.drainer.runtime.metrics;

import com.sun.net.httpserver.HttpHandler;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Metric families written in the Prometheus text format 0.0.4 exactly as named, so the Go drainer's
 * names (counters without {@code _total}) and dashboards keep working. See ADR 0003.
 */
public final class MetricRegistry {
    /** The content type Prometheus expects for this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Map<String, Family<?>> families = new ConcurrentSkipListMap<>();

    public Counter counter(String name, String help, String... labelNames) {
        return add(new Counter(name, help, List.of(labelNames)));
    }

    public Gauge gauge(String name, String help, String... labelNames) {
        return add(new Gauge(name, help, List.of(labelNames)));
    }

    public Histogram histogram(String name, String help, double[] bounds, String... labelNames) {
        return add(new Histogram(name, help, bounds.clone(), List.of(labelNames)));
    }

    private <F extends Family<?>> F add(F family) {
        if (families.putIfAbsent(family.name(), family) != null) {
            throw new IllegalArgumentException("metric " + family.name() + " is already registered");
        }
        return family;
    }

    /**
     * The exposition text: families in name order, each with HELP and TYPE lines and its samples; a
     * labelled family with no children yet is left out, as the Go client leaves it out.
     */
    public String scrape() {
        TextWriter w = new TextWriter();
        for (Family<?> f : families.values()) {
            if (f.sortedChildren().isEmpty()) {
                continue;
            }
            w.header(f);
            f.writeSamples(w);
        }
        return w.toString();
    }

    /** {@code GET /metrics}. */
    public HttpHandler httpHandler() {
        return exchange -> {
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        };
    }
}
