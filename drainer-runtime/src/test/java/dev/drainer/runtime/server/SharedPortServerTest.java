package dev.drainer.runtime.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import dev.drainer.proto.binlog.CisternGrpc;
import dev.drainer.proto.binlog.DumpDDLJobsReq;
import dev.drainer.proto.binlog.NotifyReq;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ADR 0002's prototype: gRPC (Cistern.Notify) and HTTP/1.1 (GET /status) on one TCP port. */
class SharedPortServerTest {
    private final AtomicInteger refreshes = new AtomicInteger();
    private volatile String refreshError;
    private SharedPortServer server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws IOException {
        HttpHandler status = ex -> {
            byte[] body = ("{\"PumpPos\":null,\"Synced\":false,\"LastTS\":" + refreshes.get() + ",\"TsMap\":\"\"}")
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        };
        server = SharedPortServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                List.of(new CisternService(() -> {
                    refreshes.incrementAndGet();
                    if (refreshError != null) {
                        throw new IOException(refreshError);
                    }
                })), Map.of("/status", status));
        channel = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(), InsecureChannelCredentials.create()).build();
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    private HttpResponse<String> get(HttpClient.Version version, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(version).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void notifyOverGrpcAndStatusOverHttp11ShareThePort() throws Exception {
        CisternGrpc.CisternBlockingStub stub = CisternGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
        stub.notify(NotifyReq.getDefaultInstance());
        stub.notify(NotifyReq.getDefaultInstance());
        assertEquals(2, refreshes.get());
        assertEquals(0, stub.dumpDDLJobs(DumpDDLJobsReq.getDefaultInstance()).getDdljobsCount());

        HttpResponse<String> r = get(HttpClient.Version.HTTP_1_1, "/status");
        assertEquals(200, r.statusCode());
        assertEquals(HttpClient.Version.HTTP_1_1, r.version());
        assertEquals("{\"PumpPos\":null,\"Synced\":false,\"LastTS\":2,\"TsMap\":\"\"}", r.body());
        // The gRPC connection outlives HTTP traffic on the same port.
        stub.notify(NotifyReq.getDefaultInstance());
        assertEquals(3, refreshes.get());
        assertEquals(404, get(HttpClient.Version.HTTP_1_1, "/nowhere").statusCode());
    }

    @Test
    void aClientOfferingAnH2cUpgradeIsAnsweredInHttp11() throws Exception {
        HttpResponse<String> r = get(HttpClient.Version.HTTP_2, "/status");
        assertEquals(200, r.statusCode());
        assertEquals(HttpClient.Version.HTTP_1_1, r.version());
    }

    @Test
    void aFailedRefreshReachesThePumpAsUnknownWithItsText() {
        refreshError = "etcd unreachable";
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> CisternGrpc.newBlockingStub(channel).notify(NotifyReq.getDefaultInstance()));
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("etcd unreachable"), e.getStatus().toString());
    }

    @Test
    void manyKeepAliveRequestsOnOneHttpConnection() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 3; i++) {
                out.write("GET /status HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String head = readHead(in);
                assertTrue(head.startsWith("HTTP/1.1 200"), head);
                int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
                assertEquals(length, in.readNBytes(length).length);
            }
        }
    }

    @Test
    void aSilentConnectionDoesNotHoldUpOthers() throws Exception {
        try (Socket silent = new Socket("127.0.0.1", server.port())) {
            assertEquals(200, get(HttpClient.Version.HTTP_1_1, "/status").statusCode());
            CisternGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).notify(NotifyReq.getDefaultInstance());
            assertEquals(1, refreshes.get());
        }
    }

    @Test
    void closingFreesThePortAndCutsOpenConnections() throws Exception {
        CisternGrpc.newBlockingStub(channel).notify(NotifyReq.getDefaultInstance());
        int port = server.port();
        server.close();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> CisternGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS).notify(NotifyReq.getDefaultInstance()));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
        server = SharedPortServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), List.of(), Map.of());
        assertEquals(port, server.port());
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the response head: " + sb);
            }
            sb.append((char) b);
        }
        return sb.toString();
    }
}
