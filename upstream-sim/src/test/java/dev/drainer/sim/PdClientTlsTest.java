package dev.drainer.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.checkpoint.TlsFiles;
import dev.drainer.checkpoint.TlsMaterial;
import dev.drainer.pd.EtcdKv;
import dev.drainer.pd.GrpcTls;
import dev.drainer.pd.PdClient;
import dev.drainer.pd.PdException;
import dev.drainer.testkit.db.TestPki;
import dev.drainer.testkit.db.TestPki.Identity;
import dev.drainer.testkit.db.TestPki.KeyFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PdClient over TLS against {@link SimulatedPd} serving TLS: PD's API and its etcd, server authentication and
 * mutual TLS, and each way the client's TLS settings can be wrong, reported naming the endpoint.
 */
class PdClientTlsTest {
    private static final long CLUSTER_ID = 7;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    static TestPki pki;
    static Identity server;

    @BeforeAll
    static void ca() {
        pki = TestPki.create(dir, "pd");
        server = pki.issueServer("pd");
    }

    /** TLS settings as the drainer builds them from {@code [security]}. */
    static GrpcTls clientTls(Path ca, Identity client) {
        TlsMaterial m = TlsMaterial.read(new TlsFiles(ca, client == null ? null : client.certPem(),
                client == null ? null : client.keyPem()));
        return GrpcTls.of(m.trustManagers(), m.keyManagers(), m.describe());
    }

    @Test
    void pdAndItsEtcdAnswerOverTls() throws Exception {
        try (SimulatedPd pd = SimulatedPd.start(CLUSTER_ID, new ServerTls(server.certPem(), server.keyPem(), null));
             PdClient client = PdClient.forUrls(pd.endpoint(), Optional.of(clientTls(pki.caPem(), null)))) {
            assertTrue(pd.endpoint().startsWith("https://127.0.0.1:"), pd.endpoint());
            assertEquals(CLUSTER_ID, client.members(TIMEOUT).clusterId());
            // TSO goes to the leader's advertised https URL: a second channel, TLS as well.
            assertTrue(client.tso(TIMEOUT) > 0);
            EtcdKv etcd = client.etcd(TIMEOUT);
            etcd.put("/tls/k", "v".getBytes(StandardCharsets.UTF_8));
            assertEquals("v", new String(etcd.get("/tls/k").orElseThrow().value(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void mutualTlsNeedsTheClientCertificateInEveryKeyForm() throws Exception {
        try (SimulatedPd pd = SimulatedPd.start(CLUSTER_ID,
                new ServerTls(server.certPem(), server.keyPem(), pki.caPem()))) {
            // Go's tls.X509KeyPair reads PKCS#1 and SEC1 keys too; so must the drainer, and Netty alone would not.
            for (KeyFormat format : new KeyFormat[]{KeyFormat.RSA_PKCS1, KeyFormat.EC_SEC1, KeyFormat.RSA_PKCS8}) {
                Identity client = pki.issueClient("drainer-" + format, format);
                try (PdClient c = PdClient.forUrls(pd.endpoint(), Optional.of(clientTls(pki.caPem(), client)))) {
                    assertEquals(CLUSTER_ID, c.members(TIMEOUT).clusterId(), format.name());
                }
            }
            try (PdClient c = PdClient.forUrls(pd.endpoint(), Optional.of(clientTls(pki.caPem(), null)))) {
                PdException e = assertThrows(PdException.class, () -> c.members(TIMEOUT));
                assertTrue(e.getMessage().startsWith("PD GetMembers failed on every PD endpoint: " + pd.endpoint()
                        + " (UNAVAILABLE"), e.getMessage());
                assertTrue(e.getMessage().contains(": TLS handshake failed: "), e.getMessage());
                assertTrue(e.getMessage().contains("(ssl-ca " + pki.caPem() + "; does the server accept this client"
                        + " certificate, or ask for one?)"), e.getMessage());
            }
        }
    }

    @Test
    void aServerCertificateFromAnotherCaFailsNamingTheEndpointAndTheCaFile() throws Exception {
        TestPki other = TestPki.create(dir, "other");
        try (SimulatedPd pd = SimulatedPd.start(CLUSTER_ID, new ServerTls(server.certPem(), server.keyPem(), null));
             PdClient client = PdClient.forUrls(pd.endpoint(), Optional.of(clientTls(other.caPem(), null)))) {
            PdException e = assertThrows(PdException.class, () -> client.members(TIMEOUT));
            assertTrue(e.getMessage().startsWith("PD GetMembers failed on every PD endpoint: " + pd.endpoint()
                    + " (UNAVAILABLE"), e.getMessage());
            assertTrue(e.getMessage().endsWith("(UNAVAILABLE: TLS: the server certificate is not signed by a CA in"
                    + " ssl-ca " + other.caPem() + ")"), e.getMessage());
        }
    }

    @Test
    void tlsTowardsAPlaintextPdFailsSayingSo() throws Exception {
        try (SimulatedPd pd = SimulatedPd.start(CLUSTER_ID);
             PdClient client = PdClient.forUrls(pd.endpoint(), Optional.of(clientTls(pki.caPem(), null)))) {
            PdException e = assertThrows(PdException.class, () -> client.members(TIMEOUT));
            assertTrue(e.getMessage().endsWith(pd.endpoint() + " (UNAVAILABLE: TLS: the server answered in plaintext;"
                    + " it does not serve TLS on this port (ssl-ca " + pki.caPem() + "))"), e.getMessage());
        }
    }
}
