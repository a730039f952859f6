package dev.drainer.operator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A drainer's HTTP API on loopback, answering {@code PUT /state/<id>/close} the Go way (HTTP 200, a JSON code):
 * success for its own node id, code 3 otherwise.
 */
public final class FakeDrainerApi implements AutoCloseable {
    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private FakeDrainerApi(String nodeId) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/state/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(exchange.getRequestMethod() + " " + path);
            String body = path.equals("/state/" + nodeId + "/close") && exchange.getRequestMethod().equals("PUT")
                    ? "{\"message\":\"apply action close success!\",\"code\":200,\"data\":null}"
                    : "{\"message\":\"node ID " + path.split("/")[2] + " is not this drainer\",\"code\":3,\"data\":null}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    /** Starts a fake for {@code nodeId}. */
    public static FakeDrainerApi start(String nodeId) throws IOException {
        return new FakeDrainerApi(nodeId);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** "METHOD path" of every request so far. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
