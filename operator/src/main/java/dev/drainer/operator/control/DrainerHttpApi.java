package dev.drainer.operator.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The drainer's HTTP API (spec §9.2) as the operator uses it: {@code PUT /state/<nodeID>/close} makes a running
 * drainer go closing → offline and exit, the way binlogctl offline-drainer does. Over HTTPS when the drainer
 * serves TLS ({@code [security]}): the server's chain and host name are verified, and the client certificate
 * is presented, as {@code cert-allowed-cn} may ask for one.
 */
public final class DrainerHttpApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final Duration timeout;

    public DrainerHttpApi(Duration timeout) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.timeout = timeout;
    }

    /**
     * Asks the drainer at {@code baseUrl} (http://host:port) to close {@code nodeId}. Errors are reported the Go
     * way: HTTP 200 with a non-200 {@code code} in the body, which is turned into an exception here.
     */
    public void close(String baseUrl, String nodeId) throws IOException, InterruptedException {
        close(http, baseUrl, nodeId);
    }

    /** As {@link #close(String, String)}, over HTTPS ({@code baseUrl} https://host:port) with {@code tls}. */
    public void close(String baseUrl, String nodeId, SSLContext tls) throws IOException, InterruptedException {
        // A client per call: deletions are rare, and each Drainer's Secret gives its own context.
        close(HttpClient.newBuilder().connectTimeout(timeout).sslContext(tls).build(), baseUrl, nodeId);
    }

    private void close(HttpClient client, String baseUrl, String nodeId) throws IOException, InterruptedException {
        // Raw, as binlogctl sends it: node ids are <pod>:<port>, and ':' is valid inside a path segment.
        URI uri = URI.create(baseUrl + "/state/" + nodeId + "/close");
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(timeout)
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("PUT " + uri + " answered HTTP " + r.statusCode() + ": " + r.body());
        }
        JsonNode body;
        try {
            body = JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IOException("PUT " + uri + " answered a body that is not JSON: " + r.body(), e);
        }
        if (body.path("code").asInt() != 200) {
            throw new IOException("PUT " + uri + " was refused: " + body.path("message").asText(r.body()));
        }
    }
}
