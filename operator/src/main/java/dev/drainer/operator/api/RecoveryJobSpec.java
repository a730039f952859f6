package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The recovery Job's limits: how long it may run, how long it is kept, and its container resources. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RecoveryJobSpec {
    @Default("" + Defaults.RECOVERY_DEADLINE_SECONDS)
    @JsonPropertyDescription("activeDeadlineSeconds of the Job; a Job past it counts as a retryable failure.")
    public long activeDeadlineSeconds = Defaults.RECOVERY_DEADLINE_SECONDS;

    @Default("" + Defaults.RECOVERY_TTL_SECONDS)
    @JsonPropertyDescription("ttlSecondsAfterFinished of the Job: how long the finished Job and its log stay.")
    public long ttlSecondsAfterFinished = Defaults.RECOVERY_TTL_SECONDS;

    @JsonPropertyDescription("Requests and limits of the recovery container; empty = spec.resources.")
    public ResourceRequirements resources;
}
