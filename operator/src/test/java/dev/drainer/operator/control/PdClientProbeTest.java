package dev.drainer.operator.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.operator.observe.PdProbeResult;
import dev.drainer.sim.SimulatedPd;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The production PD probe against the simulator: cluster id while up, every endpoint's error while down. */
class PdClientProbeTest {
    private final PdClientProbe probe = new PdClientProbe();

    @Test
    void reportsTheClusterIdWhileUpAndTheErrorWhileDown() throws Exception {
        try (SimulatedPd pd = SimulatedPd.start(-2L)) {
            PdProbeResult up = probe.probe(List.of("http://127.0.0.1:1", pd.endpoint()), Duration.ofSeconds(2));
            assertTrue(up.reachable(), up.error());
            assertEquals("18446744073709551614", up.clusterId(), "unsigned, as in the checkpoint table");
            pd.stop();
            PdProbeResult down = probe.probe(List.of(pd.endpoint()), Duration.ofMillis(500));
            assertFalse(down.reachable());
            assertTrue(down.error().contains("127.0.0.1:" + pd.port()), down.error());
            pd.restart();
            assertTrue(probe.probe(List.of(pd.endpoint()), Duration.ofSeconds(2)).reachable());
        }
    }

    @Test
    void anHttpsEndpointIsReportedAsUnsupportedPdTls() throws Exception {
        try (SimulatedPd pd = SimulatedPd.start(5L)) {
            PdProbeResult r = probe.probe(List.of(pd.endpoint(), "https://pd-0.pd:2379"), Duration.ofSeconds(2));
            assertFalse(r.reachable(), "the drainer could not reach an https:// PD either");
            assertEquals("PD TLS is not supported by this operator build yet: spec.pd.endpoints [https://pd-0.pd:2379]"
                    + " use https://, and pd-client speaks plaintext gRPC only (http://)", r.error());
        }
    }
}
