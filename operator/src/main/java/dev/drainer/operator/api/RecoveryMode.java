package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who starts a relay-log recovery. */
public enum RecoveryMode {
    /** The operator, when PD stays unreachable beyond the threshold, and on a nonce change. */
    @JsonProperty("Automatic") AUTOMATIC,
    /** Only a change of {@code spec.recovery.nonce}; an unreachable PD is reported, not acted on. */
    @JsonProperty("Manual") MANUAL,
    /** Never; a nonce change is recorded and ignored. */
    @JsonProperty("Disabled") DISABLED
}
