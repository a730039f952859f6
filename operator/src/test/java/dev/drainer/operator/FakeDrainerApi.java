package dev.drainer.operator;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A drainer's HTTP API on loopback, answering {@code PUT /state/<id>/close} the Go way (HTTP 200, a JSON code):
 * success for its own node id, code 3 otherwise. Plaintext, or HTTPS requiring a client certificate as the
 * drainer does with {@code cert-allowed-cn}.
 */
public final class FakeDrainerApi implements AutoCloseable {
    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private final String scheme;

    private FakeDrainerApi(String nodeId, SSLContext tls) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(loopback, 0);
            scheme = "http";
        } else {
            // Every local address, so a test can reach it by one its certificate does not name (127.0.0.2).
            HttpsServer https = HttpsServer.create(new InetSocketAddress(0), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = tls.getDefaultSSLParameters();
                    p.setNeedClientAuth(true);
                    params.setSSLParameters(p);
                }
            });
            server = https;
            scheme = "https";
        }
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
        return new FakeDrainerApi(nodeId, null);
    }

    /** Starts a fake for {@code nodeId} serving HTTPS with {@code tls}'s key and trusting its CA for clients. */
    public static FakeDrainerApi startTls(String nodeId, SSLContext tls) throws IOException {
        return new FakeDrainerApi(nodeId, tls);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return scheme + "://" + (scheme.equals("https") ? "localhost" : "127.0.0.1") + ":" + port();
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
