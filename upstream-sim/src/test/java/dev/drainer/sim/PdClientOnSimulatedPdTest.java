package dev.drainer.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.pd.PdClient;
import dev.drainer.pd.PdEndpoint;
import dev.drainer.pd.PdException;
import dev.drainer.pd.PdMembers;
import dev.drainer.pd.Tso;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PdClient's members and TSO against {@link SimulatedPd}, including endpoints that fail and a PD that goes away. */
class PdClientOnSimulatedPdTest {
    // Above 2^63: the cluster id is unsigned and must survive as such.
    private static final long CLUSTER_ID = 0xF1E2_D3C4_B5A6_9788L;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private SimulatedPd pd;

    @BeforeEach
    void startPd() throws IOException {
        pd = SimulatedPd.start(CLUSTER_ID);
    }

    @AfterEach
    void stopPd() {
        pd.close();
    }

    @Test
    void membersGiveTheClusterIdAndTheLeader() throws Exception {
        try (PdClient client = PdClient.forUrls(pd.endpoint())) {
            PdMembers m = client.members(TIMEOUT);
            assertEquals("17429726349691885448", Long.toUnsignedString(m.clusterId()));
            assertEquals("pd-sim", m.leaderName());
            assertEquals(List.of(pd.endpoint()), m.leaderClientUrls());
            assertEquals(PdEndpoint.parse(pd.endpoint()), m.answeredBy());
        }
    }

    @Test
    void anUnreachableFirstEndpointFailsOverToTheSecond() throws Exception {
        try (PdClient client = PdClient.forUrls("http://127.0.0.1:" + closedPort() + "," + pd.endpoint())) {
            assertEquals(PdEndpoint.parse(pd.endpoint()), client.members(TIMEOUT).answeredBy());
            assertEquals(PdEndpoint.parse(pd.endpoint()), client.members(TIMEOUT).answeredBy());
        }
    }

    @Test
    void noAnsweringEndpointFailsWithinTheDeadlinesNamingEach() throws Exception {
        Duration perEndpoint = Duration.ofMillis(300);
        // Accepts connections but never speaks HTTP/2: only the deadline ends a call to it.
        try (ServerSocket silent = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
            String refused = "http://127.0.0.1:" + closedPort();
            String mute = "http://127.0.0.1:" + silent.getLocalPort();
            try (PdClient client = PdClient.forUrls(refused + "," + mute)) {
                long start = System.nanoTime();
                PdException e = assertThrows(PdException.class, () -> client.members(perEndpoint));
                long tookMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(e.getMessage().startsWith("PD GetMembers failed on every PD endpoint: " + refused + " (UNAVAILABLE"),
                        e.getMessage());
                assertTrue(e.getMessage().contains(", " + mute + " (DEADLINE_EXCEEDED"), e.getMessage());
                // Bounded by the deadlines, not by gRPC's connect back-off or a TCP timeout; the slack is for a loaded machine.
                assertTrue(tookMillis < 2 * perEndpoint.toMillis() + 5_000, "took " + tookMillis + " ms");
            }
        }
    }

    @Test
    void aStoppedPdIsReportedAndARestartedOneAnswersTheSameClient() throws Exception {
        try (PdClient client = PdClient.forUrls(pd.endpoint())) {
            long before = client.tso(TIMEOUT);
            pd.stop();
            PdException down = assertThrows(PdException.class, () -> client.members(TIMEOUT));
            assertTrue(down.getMessage().contains(pd.endpoint() + " (UNAVAILABLE"), down.getMessage());
            assertThrows(PdException.class, () -> client.tso(TIMEOUT));

            pd.restart();
            assertEquals(CLUSTER_ID, client.members(TIMEOUT).clusterId());
            assertTrue(client.tso(TIMEOUT) > before, "timestamps keep increasing across a PD restart");
        }
    }

    @Test
    void tsoIsComposedFromTheWallClockAndIncreases() throws Exception {
        try (PdClient client = PdClient.forUrls(pd.endpoint())) {
            long wallBefore = System.currentTimeMillis();
            long previous = client.tso(TIMEOUT);
            for (int i = 0; i < 50; i++) {
                long ts = client.tso(TIMEOUT);
                assertTrue(ts > previous, ts + " after " + previous);
                previous = ts;
            }
            long physical = previous >>> Tso.LOGICAL_BITS;
            assertTrue(physical >= wallBefore && physical <= System.currentTimeMillis(), "physical " + physical);
            assertTrue((previous & ((1L << Tso.LOGICAL_BITS) - 1)) >= 1, "PD's logical part counts from 1");
        }
    }

    /** A loopback port nothing listens on (a race with another process taking it is harmless: it would not speak PD). */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
