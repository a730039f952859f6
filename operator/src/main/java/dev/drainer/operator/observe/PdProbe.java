package dev.drainer.operator.observe;

import java.time.Duration;
import java.util.List;

/** Reaches PD as the drainer would: each endpoint in turn, each with a timeout. */
public interface PdProbe {
    /** The outcome of one probe round; never throws for an unreachable PD. */
    PdProbeResult probe(List<String> endpoints, Duration timeout);
}
