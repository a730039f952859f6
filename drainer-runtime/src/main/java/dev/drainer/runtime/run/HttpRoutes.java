package dev.drainer.runtime.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The HTTP side of the shared port: {@code /status}, {@code /commit_ts} and binlogctl's
 * {@code PUT /state/{nodeID}/{action}} with the Go drainer's bodies (spec §9.2), and the probes Kubernetes uses ({@code /healthz}: the process answers;
 * {@code /readyz}: PD was reached and the pipeline is running).
 */
final class HttpRoutes {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the routes read from the running drainer. */
    interface View {
        /** Last commit ts per pump; empty before the collector's first round. */
        Optional<Map<String, Long>> pumpPositions();

        /** No transaction handed on for {@code synced-check-time} minutes. */
        boolean synced();

        /** Whether {@code /readyz} answers 200, and why not. */
        Optional<String> notReadyReason();

        /** binlogctl's pause-drainer ({@code pause}) and offline-drainer ({@code close}). */
        NodeStateControl.Answer applyAction(String nodeId, String action);
    }

    private static final String STATE_PREFIX = "/state/";

    private HttpRoutes() {
    }

    static Map<String, HttpHandler> of(View view, LongSupplier checkpointTs) {
        Map<String, HttpHandler> routes = new LinkedHashMap<>();
        routes.put("/status", get(() -> status(view, checkpointTs.getAsLong())));
        routes.put("/commit_ts", get(() -> commitTs(checkpointTs.getAsLong())));
        routes.put("/healthz", get(() -> "ok"));
        routes.put("/readyz", exchange -> {
            Optional<String> why = view.notReadyReason();
            reply(exchange, why.isPresent() ? 503 : 200, why.orElse("ok"));
        });
        routes.put(STATE_PREFIX, exchange -> applyAction(view, exchange));
        return routes;
    }

    /** Go's {@code encoding/json} of its {@code Status} struct: field order kept, map keys sorted, no spaces. */
    static String status(View view, long checkpointTs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("PumpPos", view.pumpPositions().map(TreeMap::new).orElse(null));
        body.put("Synced", view.synced());
        body.put("LastTS", checkpointTs);
        body.put("TsMap", "");
        return json(body);
    }

    static String commitTs(long checkpointTs) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "get drainer's latest ts success!");
        body.put("code", 200);
        body.put("data", Map.of("ts", checkpointTs));
        return json(body);
    }

    /** Go's {@code util.Response} as {@code encoding/json} writes it: message, code, data (null here). */
    static String actionAnswer(NodeStateControl.Answer a) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", a.message());
        body.put("code", a.code());
        body.put("data", null);
        return json(body);
    }

    /** As gorilla/mux routes {@code /state/{nodeID}/{action}} with {@code Methods("PUT")}: 404 off the pattern, 405 for other methods. */
    private static void applyAction(View view, HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().substring(STATE_PREFIX.length()).split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            answer(exchange, 404, "404 page not found");
        } else if (!exchange.getRequestMethod().equals("PUT")) {
            answer(exchange, 405, "");
        } else {
            answer(exchange, 200, actionAnswer(view.applyAction(parts[0], parts[1])));
        }
    }

    private static String json(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON of " + o, e);
        }
    }

    private static HttpHandler get(Supplier<String> body) {
        return exchange -> reply(exchange, 200, body.get());
    }

    private static void reply(HttpExchange exchange, int code, String text) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            answer(exchange, 405, "");
            return;
        }
        answer(exchange, code, text);
    }

    private static void answer(HttpExchange exchange, int code, String text) throws IOException {
        try (exchange) {
            if (text.isEmpty()) {
                exchange.sendResponseHeaders(code, -1);
                return;
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", text.startsWith("{") ? "application/json" : "text/plain");
            exchange.sendResponseHeaders(code, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
