package dev.drainer.operator.control;

import dev.drainer.operator.observe.PdProbe;
import dev.drainer.operator.observe.PdProbeResult;
import dev.drainer.operator.observe.SecretTls;
import dev.drainer.pd.PdClient;
import dev.drainer.pd.PdException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Probes PD with the drainer's own client: GetMembers over gRPC, endpoint by endpoint, each with a deadline, over
 * TLS with the files of {@code spec.pd.tls} as the drainer would.
 */
public final class PdClientProbe implements PdProbe {
    @Override
    public PdProbeResult probe(List<String> endpoints, Optional<SecretTls> tls, Duration timeout) {
        try (PdClient client = PdClient.forUrls(String.join(",", endpoints), tls.map(SecretTls::grpcTls))) {
            return PdProbeResult.up(Long.toUnsignedString(client.members(timeout).clusterId()));
        } catch (PdException | RuntimeException e) {
            return PdProbeResult.down(e.getMessage());
        }
    }
}
