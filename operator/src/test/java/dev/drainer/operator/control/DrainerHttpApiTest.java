package dev.drainer.operator.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.checkpoint.TlsFiles;
import dev.drainer.checkpoint.TlsMaterial;
import dev.drainer.operator.FakeDrainerApi;
import dev.drainer.operator.observe.SecretTls;
import dev.drainer.testkit.db.TestPki;
import dev.drainer.testkit.db.TestPki.Identity;
import dev.drainer.testkit.db.TestPki.KeyFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrainerHttpApiTest {
    private final DrainerHttpApi api = new DrainerHttpApi(Duration.ofSeconds(2));

    @TempDir
    Path dir;

    @Test
    void closeSendsTheGoDrainersRequest() throws Exception {
        try (FakeDrainerApi fake = FakeDrainerApi.start("d-0:8249")) {
            api.close(fake.baseUrl(), "d-0:8249");
            assertEquals("PUT /state/d-0:8249/close", fake.requests().get(0));
        }
    }

    @Test
    void aRefusalInTheBodyIsAnError() throws Exception {
        try (FakeDrainerApi fake = FakeDrainerApi.start("someone-else:8249")) {
            IOException e = assertThrows(IOException.class, () -> api.close(fake.baseUrl(), "d-0:8249"));
            assertTrue(e.getMessage().contains("was refused: node ID d-0:8249 is not this drainer"), e.getMessage());
        }
    }

    @Test
    void nobodyListeningIsAnError() {
        assertThrows(IOException.class, () -> api.close("http://127.0.0.1:1", "d-0:8249"));
    }

    /**
     * The PD Secret's files, as the operator mounts them for [security]: one certificate serves the drainer's port
     * and is the client certificate; the fake requires one, as the drainer does with cert-allowed-cn.
     */
    @Test
    void overTlsTheServerIsVerifiedAndTheSecretsCertificatePresented() throws Exception {
        TestPki pki = TestPki.create(dir, "cluster");
        Identity drainer = pki.issuePeer("drainer", KeyFormat.RSA_PKCS8);
        SSLContext serverSide = TlsMaterial.read(new TlsFiles(pki.caPem(), drainer.certPem(), drainer.keyPem()))
                .sslContext();
        SecretTls secret = new SecretTls("ns/pd-tls", new TlsFiles(pki.caPem(), drainer.certPem(), drainer.keyPem()));
        try (FakeDrainerApi fake = FakeDrainerApi.startTls("d-0:8249", serverSide)) {
            api.close(fake.baseUrl(), "d-0:8249", secret.sslContext());
            assertEquals("PUT /state/d-0:8249/close", fake.requests().get(0));

            SecretTls caOnly = new SecretTls("ns/pd-tls", new TlsFiles(pki.caPem(), null, null));
            assertThrows(IOException.class, () -> api.close(fake.baseUrl(), "d-0:8249", caOnly.sslContext()),
                    "no client certificate: refused by a server that requires one");
            SecretTls otherCa = new SecretTls("ns/pd-tls",
                    new TlsFiles(TestPki.create(dir, "other").caPem(), drainer.certPem(), drainer.keyPem()));
            assertThrows(IOException.class, () -> api.close(fake.baseUrl(), "d-0:8249", otherCa.sslContext()),
                    "a server certificate the Secret's CA did not sign");
            assertEquals(1, fake.requests().size(), "only the verified, authenticated request got through");
        }
    }

    @Test
    void overTlsTheHostNameIsVerified() throws Exception {
        TestPki pki = TestPki.create(dir, "cluster");
        Identity drainer = pki.issuePeer("drainer", KeyFormat.RSA_PKCS8);
        TlsFiles files = new TlsFiles(pki.caPem(), drainer.certPem(), drainer.keyPem());
        try (FakeDrainerApi fake = FakeDrainerApi.startTls("d-0:8249", TlsMaterial.read(files).sslContext())) {
            // The certificate names 127.0.0.1 and localhost; 127.0.0.2 reaches the same loopback listener.
            String unnamed = fake.baseUrl().replace("localhost", "127.0.0.2");
            IOException e = assertThrows(IOException.class,
                    () -> api.close(unnamed, "d-0:8249", new SecretTls("ns/pd-tls", files).sslContext()));
            assertTrue(String.valueOf(e.getMessage()).contains("No subject alternative names matching IP address 127.0.0.2"),
                    String.valueOf(e));
            assertEquals(0, fake.requests().size());
        }
    }
}
