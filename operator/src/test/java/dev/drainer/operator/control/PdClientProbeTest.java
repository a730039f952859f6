package dev.drainer.operator.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.checkpoint.TlsFiles;
import dev.drainer.operator.observe.PdProbeResult;
import dev.drainer.operator.observe.SecretTls;
import dev.drainer.sim.ServerTls;
import dev.drainer.sim.SimulatedPd;
import dev.drainer.testkit.db.TestPki;
import dev.drainer.testkit.db.TestPki.Identity;
import dev.drainer.testkit.db.TestPki.KeyFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production PD probe against the simulator: cluster id while up, every endpoint's error while down; TLS. */
class PdClientProbeTest {
    private final PdClientProbe probe = new PdClientProbe();

    @TempDir
    Path dir;

    @Test
    void reportsTheClusterIdWhileUpAndTheErrorWhileDown() throws Exception {
        try (SimulatedPd pd = SimulatedPd.start(-2L)) {
            PdProbeResult up = probe.probe(List.of("http://127.0.0.1:1", pd.endpoint()), Optional.empty(),
                    Duration.ofSeconds(2));
            assertTrue(up.reachable(), up.error());
            assertEquals("18446744073709551614", up.clusterId(), "unsigned, as in the checkpoint table");
            pd.stop();
            PdProbeResult down = probe.probe(List.of(pd.endpoint()), Optional.empty(), Duration.ofMillis(500));
            assertFalse(down.reachable());
            assertTrue(down.error().contains("127.0.0.1:" + pd.port()), down.error());
            pd.restart();
            assertTrue(probe.probe(List.of(pd.endpoint()), Optional.empty(), Duration.ofSeconds(2)).reachable());
        }
    }

    @Test
    void speaksMutualTlsWithTheSecretsFilesAndNamesTheSecretWhenTheCaIsWrong() throws Exception {
        TestPki pki = TestPki.create(dir, "pd");
        Identity server = pki.issueServer("pd");
        Identity client = pki.issueClient("drainer", KeyFormat.EC_SEC1);
        try (SimulatedPd pd = SimulatedPd.start(9L, new ServerTls(server.certPem(), server.keyPem(), pki.caPem()))) {
            SecretTls tls = new SecretTls("ns/pd-tls", new TlsFiles(pki.caPem(), client.certPem(), client.keyPem()));
            PdProbeResult up = probe.probe(List.of(pd.endpoint()), Optional.of(tls), Duration.ofSeconds(5));
            assertTrue(up.reachable(), up.error());
            assertEquals("9", up.clusterId());

            Path otherCa = TestPki.create(dir, "other").caPem();
            SecretTls wrong = new SecretTls("ns/pd-tls", new TlsFiles(otherCa, client.certPem(), client.keyPem()));
            PdProbeResult down = probe.probe(List.of(pd.endpoint()), Optional.of(wrong), Duration.ofSeconds(5));
            assertFalse(down.reachable());
            assertTrue(down.error().endsWith(pd.endpoint() + " (UNAVAILABLE: TLS: the server certificate is not signed"
                    + " by a CA in Secret ns/pd-tls: ssl-ca " + otherCa + ", ssl-cert " + client.certPem() + ")"),
                    down.error());
        }
    }

    @Test
    void anHttpsEndpointWithoutSpecPdTlsIsReportedAsSuch() throws Exception {
        try (SimulatedPd pd = SimulatedPd.start(5L)) {
            PdProbeResult r = probe.probe(List.of(pd.endpoint(), "https://pd-0.pd:2379"), Optional.empty(),
                    Duration.ofSeconds(2));
            assertFalse(r.reachable(), "the drainer could not reach an https:// PD either");
            assertTrue(r.error().startsWith("PD URL https://pd-0.pd:2379: https needs TLS settings"), r.error());
        }
    }
}
