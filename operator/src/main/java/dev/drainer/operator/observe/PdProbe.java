package dev.drainer.operator.observe;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reaches PD as the drainer would: each endpoint in turn, each with a timeout. */
public interface PdProbe {
    /**
     * The outcome of one probe round; never throws for an unreachable PD.
     *
     * @param tls the files of {@code spec.pd.tls}; empty: plaintext
     */
    PdProbeResult probe(List<String> endpoints, Optional<SecretTls> tls, Duration timeout);
}
