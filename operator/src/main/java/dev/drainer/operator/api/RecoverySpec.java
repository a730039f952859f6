package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/**
 * Automatic relay-log recovery: when to start it, how often to retry, how to fence the drainer pod, and what to
 * do once PD is back. Durations are Go durations ("90s", "5m").
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RecoverySpec {
    @Default("Automatic")
    @JsonPropertyDescription("Automatic: on an unreachable PD and on a nonce change; Manual: on a nonce change"
            + " only; Disabled: never.")
    public RecoveryMode mode = RecoveryMode.AUTOMATIC;

    @Default(Defaults.PD_UNREACHABLE_THRESHOLD)
    @JsonPropertyDescription("How long PD must stay unreachable (at least two failed probes in a row) before a"
            + " recovery starts; until then its state is uncertain.")
    public String pdUnreachableThreshold = Defaults.PD_UNREACHABLE_THRESHOLD;

    @JsonPropertyDescription("How often PD is probed for this Drainer; empty = the operator's pd-probe-interval.")
    public String probeInterval;

    @Default("" + Defaults.RECOVERY_MAX_ATTEMPTS)
    @JsonPropertyDescription("Recovery Jobs per recovery before it is RecoveryFailed (retryable failures only).")
    public int maxAttempts = Defaults.RECOVERY_MAX_ATTEMPTS;

    @Default(Defaults.RECOVERY_BACKOFF)
    @JsonPropertyDescription("Wait before the second Job; doubled before each further one, up to maxBackoff.")
    public String backoff = Defaults.RECOVERY_BACKOFF;

    @Default(Defaults.RECOVERY_MAX_BACKOFF)
    @JsonPropertyDescription("The longest wait between two Jobs.")
    public String maxBackoff = Defaults.RECOVERY_MAX_BACKOFF;

    @JsonPropertyDescription("Deadline, TTL and resources of the recovery Job.")
    public RecoveryJobSpec job = new RecoveryJobSpec();

    @Default(Defaults.FENCE_TIMEOUT)
    @JsonPropertyDescription("How long to wait for the drainer pod to be gone after scaling to zero; then"
            + " RecoveryBlocked (or a force delete, when allowed).")
    public String fenceTimeout = Defaults.FENCE_TIMEOUT;

    @Default("false")
    @JsonPropertyDescription("Force-delete (grace period 0) a drainer pod still present after fenceTimeout, e.g."
            + " on a lost node. Only safe when that node is really down.")
    public boolean forceDeleteStuckPod;

    @Default("Hold")
    @JsonPropertyDescription("Once PD answers again: Hold (stay stopped; a downstream may have been promoted) or"
            + " Resume (scale up, unless PD reports another cluster id).")
    public AfterRecovery afterRecovery = AfterRecovery.HOLD;

    @JsonPropertyDescription("Change it to force one recovery, even while PD answers (pumps or TiKV may be gone),"
            + " or to retry after RecoveryFailed.")
    public String nonce;
}
