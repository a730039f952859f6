package dev.drainer.runtime.pump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.config.TlsConfig;
import dev.drainer.runtime.RuntimeFactory;
import dev.drainer.sim.ServerTls;
import dev.drainer.sim.SimulatedPump;
import dev.drainer.testkit.db.TestPki;
import dev.drainer.testkit.db.TestPki.Identity;
import dev.drainer.testkit.db.TestPki.KeyFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pullers over TLS: PD and pumps serving mutual TLS, the drainer's {@code [security]} towards them and on its
 * port, where the pumps notify it.
 */
class UpstreamTlsTest {
    @TempDir
    static Path dir;
    static TestPki pki;
    static ServerTls serverTls;

    private UpstreamHarness h;

    @BeforeAll
    static void ca() {
        pki = TestPki.create(dir, "cluster");
        // The pumps present it when they notify the drainer, so it must allow client authentication too.
        Identity server = pki.issuePeer("pump", KeyFormat.RSA_PKCS8);
        serverTls = new ServerTls(server.certPem(), server.keyPem(), pki.caPem());
    }

    @AfterEach
    void close() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    @Test
    void pumpsServingMutualTlsArePulledWithTheSecuritySection() throws Exception {
        // PKCS#1, as openssl genrsa writes it: the files go through the drainer's own PEM reading. The drainer
        // serves its port with it too, where the pumps notify it over TLS.
        Identity drainer = pki.issuePeer("drainer", KeyFormat.RSA_PKCS1);
        TlsConfig security = new TlsConfig(pki.caPem().toString(), drainer.certPem().toString(),
                drainer.keyPem().toString(), List.of());
        h = new UpstreamHarness(0, false, serverTls, security);
        h.startDraining();
        List<SimulatedPump> pumps = List.of(h.pump("pump-tls-0"), h.pump("pump-tls-1"));
        TreeSet<Long> expected = new TreeSet<>();
        for (int i = 0; i < 20; i++) {
            expected.add(pumps.get(i % 2).commit());
        }
        assertEquals(new ArrayList<>(expected), h.realUntil(expected.last()));
        pumps.forEach(p -> assertTrue(p.pulls() >= 1, p.nodeId() + " served " + p.pulls() + " pulls"));
    }

    @Test
    void aSecurityFileThatIsNotPemIsRejectedNamingTheSectionAndTheFile() {
        TlsConfig security = new TlsConfig(pki.issueServer("x").keyPem().toString(), "", "", List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RuntimeFactory.grpcTls(security));
        assertTrue(e.getMessage().startsWith("[security] ssl-ca file " + security.sslCa() + ": no certificate found"),
                e.getMessage());
    }
}
