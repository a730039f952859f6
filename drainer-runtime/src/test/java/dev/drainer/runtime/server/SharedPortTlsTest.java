package dev.drainer.runtime.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import dev.drainer.checkpoint.TlsFiles;
import dev.drainer.checkpoint.TlsMaterial;
import dev.drainer.config.TlsConfig;
import dev.drainer.pd.GrpcTls;
import dev.drainer.proto.binlog.CisternGrpc;
import dev.drainer.proto.binlog.NotifyReq;
import dev.drainer.runtime.RuntimeFactory;
import dev.drainer.testkit.db.TestPki;
import dev.drainer.testkit.db.TestPki.Identity;
import dev.drainer.testkit.db.TestPki.KeyFormat;
import dev.drainer.testkit.log.LogCapture;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared port with {@code [security]}: TLS terminated at the front door, ALPN, client certificates, CNs. */
class SharedPortTlsTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static Identity drainer;
    static Identity pump;
    static Identity intruder;
    static Identity foreign;

    private final AtomicInteger refreshes = new AtomicInteger();
    private SharedPortServer server;

    @BeforeAll
    static void certificates() {
        pki = TestPki.create(dir, "cluster");
        drainer = pki.issueServer("drainer");
        pump = pki.issueClient("pump-a", KeyFormat.RSA_PKCS8);
        intruder = pki.issueClient("intruder", KeyFormat.EC_PKCS8);
        foreign = TestPki.create(dir, "other").issueClient("pump-a", KeyFormat.RSA_PKCS8);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(List<String> allowedCn) throws IOException {
        HttpHandler status = ex -> {
            byte[] body = ("{\"LastTS\":" + refreshes.get() + "}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        };
        TlsConfig security = new TlsConfig(pki.caPem().toString(), drainer.certPem().toString(),
                drainer.keyPem().toString(), allowedCn);
        server = SharedPortServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                List.of(new CisternService(refreshes::incrementAndGet)), Map.of("/status", status),
                RuntimeFactory.listenerTls(security));
    }

    /** What a client configured with {@code ssl-ca} (and the identity's cert and key, when not null) has. */
    private static TlsMaterial client(Path ca, Identity id) {
        return TlsMaterial.read(new TlsFiles(ca, id == null ? null : id.certPem(), id == null ? null : id.keyPem()));
    }

    /** GET /status over HTTPS, offering h2 and http/1.1 as curl and Go's HTTP client do. */
    private HttpResponse<String> status(TlsMaterial tls) throws Exception {
        return status(tls, tls.keyManagers());
    }

    /**
     * As {@link #status(TlsMaterial)}, always presenting the certificate as OpenSSL clients (curl) do: the JDK's
     * own key manager sends none when its issuer is not among the CAs the server names.
     */
    private HttpResponse<String> statusPresenting(TlsMaterial tls) throws Exception {
        X509ExtendedKeyManager km = (X509ExtendedKeyManager) tls.keyManagers()[0];
        String alias = km.getClientAliases("RSA", null)[0];
        KeyManager always = new X509ExtendedKeyManager() {
            @Override
            public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
                return alias;
            }

            @Override
            public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
                return alias;
            }

            @Override
            public String[] getClientAliases(String keyType, Principal[] issuers) {
                return new String[]{alias};
            }

            @Override
            public String[] getServerAliases(String keyType, Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String a) {
                return km.getCertificateChain(a);
            }

            @Override
            public PrivateKey getPrivateKey(String a) {
                return km.getPrivateKey(a);
            }
        };
        return status(tls, new KeyManager[]{always});
    }

    private HttpResponse<String> status(TlsMaterial tls, KeyManager[] keys) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keys, tls.trustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(10)).build();
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + "/status"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void notifyOver(TlsMaterial tls) throws InterruptedException {
        GrpcTls creds = GrpcTls.of(tls.trustManagers(), tls.keyManagers(), tls.describe());
        ManagedChannel ch = Grpc.newChannelBuilderForAddress("127.0.0.1", server.port(), creds.credentials()).build();
        try {
            CisternGrpc.newBlockingStub(ch).withDeadlineAfter(20, TimeUnit.SECONDS).notify(NotifyReq.getDefaultInstance());
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void notifyOverGrpcAndStatusOverHttpsShareTheTlsPort() throws Exception {
        start(List.of());
        TlsMaterial pumpTls = client(pki.caPem(), pump);
        notifyOver(pumpTls);
        assertEquals(1, refreshes.get());
        HttpResponse<String> r = status(pumpTls);
        assertEquals(200, r.statusCode());
        assertEquals(HttpClient.Version.HTTP_1_1, r.version(), "ALPN chose http/1.1 for a client offering both");
        assertEquals("{\"LastTS\":1}", r.body());
        notifyOver(pumpTls);
        assertEquals(2, refreshes.get());
    }

    @Test
    void withoutAllowedCnAClientWithoutCertificateIsServedAndOneFromAnotherCaRefused() throws Exception {
        start(List.of());
        // As the Go drainer, which asks no certificate then: kubelet's HTTPS probes have none.
        assertEquals(200, status(client(pki.caPem(), null)).statusCode());
        try (LogCapture log = LogCapture.start()) {
            assertThrows(IOException.class, () -> statusPresenting(client(pki.caPem(), foreign)));
            assertEquals(0, refreshes.get());
            assertTrue(log.text().contains("shared port TLS handshake failed peer=/127.0.0.1:"), log.text());
        }
    }

    @Test
    void allowedCnRequiresACertificateWithAListedCommonName() throws Exception {
        start(List.of("pump-a", "binlogctl"));
        notifyOver(client(pki.caPem(), pump));
        assertEquals(200, status(client(pki.caPem(), pump)).statusCode());
        try (LogCapture log = LogCapture.start()) {
            assertThrows(IOException.class, () -> status(client(pki.caPem(), null)), "no certificate");
            assertThrows(IOException.class, () -> statusPresenting(client(pki.caPem(), foreign)), "the right CN, another CA");
            assertThrows(IOException.class, () -> status(client(pki.caPem(), intruder)), "the CA's, a CN not listed");
            assertThrows(StatusRuntimeException.class, () -> notifyOver(client(pki.caPem(), intruder)));
            assertEquals(1, refreshes.get());
            assertTrue(log.text().contains("shared port refused a client certificate cn=intruder peer=/127.0.0.1:"),
                    log.text());
            assertTrue(log.text().contains("allowed=["), log.text());
        }
    }

    @Test
    void aPlaintextClientGetsNoAnswerFromTheTlsPort() throws Exception {
        start(List.of());
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write("GET /status HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] answer = s.getInputStream().readAllBytes();
            assertTrue(answer.length == 0 || answer[0] == 0x15, "at most a TLS alert, no HTTP: "
                    + new String(answer, StandardCharsets.ISO_8859_1));
        }
        assertEquals(0, refreshes.get());
    }

    @Test
    void aSecuritySectionWithoutServerCertificateIsRefusedNamingTheKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RuntimeFactory.listenerTls(new TlsConfig(pki.caPem().toString(), "", "", List.of())));
        assertTrue(e.getMessage().startsWith("[security] ssl-ca is set but ssl-cert and ssl-key are not"), e.getMessage());
    }

    @Test
    void alpnPrefersHttp11AndGivesH2ToGrpcClients() {
        assertEquals("http/1.1", ListenerTls.chooseProtocol(List.of("h2", "http/1.1")));
        assertEquals("h2", ListenerTls.chooseProtocol(List.of("h2")));
        assertEquals("", ListenerTls.chooseProtocol(List.of()));
        assertEquals(null, ListenerTls.chooseProtocol(List.of("spdy/3")));
    }
}
