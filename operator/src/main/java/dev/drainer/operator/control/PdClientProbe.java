package dev.drainer.operator.control;

import dev.drainer.operator.observe.PdProbe;
import dev.drainer.operator.observe.PdProbeResult;
import dev.drainer.pd.PdClient;
import dev.drainer.pd.PdEndpoint;
import dev.drainer.pd.PdException;
import java.time.Duration;
import java.util.List;

/** Probes PD with the drainer's own client: GetMembers over gRPC, endpoint by endpoint, each with a deadline. */
public final class PdClientProbe implements PdProbe {
    @Override
    public PdProbeResult probe(List<String> endpoints, Duration timeout) {
        List<String> tls = endpoints.stream().filter(PdClientProbe::isTls).toList();
        if (!tls.isEmpty()) {
            // pd-client refuses https:// when it opens a channel; said here once instead of as a per-endpoint error.
            return PdProbeResult.down("PD TLS is not supported by this operator build yet: spec.pd.endpoints " + tls
                    + " use https://, and pd-client speaks plaintext gRPC only (http://)");
        }
        try (PdClient client = PdClient.forUrls(String.join(",", endpoints))) {
            return PdProbeResult.up(Long.toUnsignedString(client.members(timeout).clusterId()));
        } catch (PdException | RuntimeException e) {
            return PdProbeResult.down(e.getMessage());
        }
    }

    private static boolean isTls(String url) {
        try {
            return PdEndpoint.parse(url).tls();
        } catch (IllegalArgumentException e) {
            return false; // PdClient.forUrls reports it, naming the value
        }
    }
}
