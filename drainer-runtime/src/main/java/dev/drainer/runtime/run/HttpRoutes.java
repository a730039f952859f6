package dev.drainer.runtime.run;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.drainer.pd.registry.GoJson;
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
    /** What Go's net/http sniffs for a body it was given no type for ({@code /status}, errors). */
    private static final String GO_SNIFFED_TEXT = "text/plain; charset=utf-8";
    /** unrolled/render's JSON type ({@code /commit_ts}, {@code /state}). */
    private static final String GO_RENDERED_JSON = "application/json; charset=UTF-8";

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
        routes.put("/status", get(GO_SNIFFED_TEXT, () -> status(view, checkpointTs.getAsLong())));
        routes.put("/commit_ts", get(GO_RENDERED_JSON, () -> commitTs(checkpointTs.getAsLong())));
        routes.put("/healthz", get(GO_SNIFFED_TEXT, () -> "ok"));
        routes.put("/readyz", exchange -> {
            Optional<String> why = view.notReadyReason();
            reply(exchange, why.isPresent() ? 503 : 200, GO_SNIFFED_TEXT, why.orElse("ok"));
        });
        routes.put(STATE_PREFIX, exchange -> applyAction(view, exchange));
        return routes;
    }

    /**
     * Go's {@code json.NewEncoder(w).Encode} of its {@code Status} struct: field order kept, map keys sorted, no
     * spaces, a newline at the end.
     */
    static String status(View view, long checkpointTs) {
        StringBuilder out = new StringBuilder("{\"PumpPos\":");
        Optional<Map<String, Long>> positions = view.pumpPositions();
        if (positions.isEmpty()) {
            out.append("null");
        } else {
            out.append('{');
            String sep = "";
            for (Map.Entry<String, Long> e : new TreeMap<>(positions.get()).entrySet()) {
                out.append(sep);
                GoJson.quote(out, e.getKey());
                out.append(':').append(e.getValue());
                sep = ",";
            }
            out.append('}');
        }
        return out.append(",\"Synced\":").append(view.synced()).append(",\"LastTS\":").append(checkpointTs)
                .append(",\"TsMap\":\"\"}\n").toString();
    }

    /** Go's {@code util.SuccessResponse} as unrolled/render writes it with {@code IndentJSON}: two spaces, a final newline. */
    static String commitTs(long checkpointTs) {
        return response("get drainer's latest ts success!", 200, "{\n    \"ts\": " + checkpointTs + "\n  }");
    }

    /** Go's {@code util.Response} (message, code, data null) as unrolled/render writes it with {@code IndentJSON}. */
    static String actionAnswer(NodeStateControl.Answer a) {
        return response(a.message(), a.code(), "null");
    }

    private static String response(String message, int code, String data) {
        StringBuilder out = new StringBuilder("{\n  \"message\": ");
        GoJson.quote(out, message);
        return out.append(",\n  \"code\": ").append(code).append(",\n  \"data\": ").append(data).append("\n}\n").toString();
    }

    /** As gorilla/mux routes {@code /state/{nodeID}/{action}} with {@code Methods("PUT")}: 404 off the pattern, 405 for other methods. */
    private static void applyAction(View view, HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().substring(STATE_PREFIX.length()).split("/", -1);
        if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            answer(exchange, 404, GO_SNIFFED_TEXT, "404 page not found\n");
        } else if (!exchange.getRequestMethod().equals("PUT")) {
            answer(exchange, 405, GO_SNIFFED_TEXT, "");
        } else {
            answer(exchange, 200, GO_RENDERED_JSON, actionAnswer(view.applyAction(parts[0], parts[1])));
        }
    }

    private static HttpHandler get(String contentType, Supplier<String> body) {
        return exchange -> reply(exchange, 200, contentType, body.get());
    }

    private static void reply(HttpExchange exchange, int code, String contentType, String text) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            answer(exchange, 405, GO_SNIFFED_TEXT, "");
            return;
        }
        answer(exchange, code, contentType, text);
    }

    private static void answer(HttpExchange exchange, int code, String contentType, String text) throws IOException {
        try (exchange) {
            if (text.isEmpty()) {
                exchange.sendResponseHeaders(code, -1);
                return;
            }
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(code, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
