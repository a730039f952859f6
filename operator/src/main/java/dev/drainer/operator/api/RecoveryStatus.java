package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * The recovery write-ahead log: each step is recorded here before it is acted on, so that an operator restarted
 * at any point resumes the same recovery without a second Job or a skipped fence.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RecoveryStatus {
    @JsonPropertyDescription("Number of the latest attempt; never decreases; names the Job <name>-recover-<attempt>.")
    public Integer attempt;

    @JsonPropertyDescription("The attempt that started the current (or last) recovery; attempt - firstAttempt + 1"
            + " Jobs count against maxAttempts.")
    public Integer firstAttempt;

    @JsonPropertyDescription("What started it: PDUnreachable or Nonce.")
    public String trigger;

    @JsonPropertyDescription("The last spec.recovery.nonce acted on (or ignored).")
    public String nonce;

    @JsonPropertyDescription("When phase Fencing was written.")
    public String startedAt;

    @JsonPropertyDescription("When the drainer pod was seen gone with the StatefulSet at zero.")
    public String fencedAt;

    @JsonPropertyDescription("The recovery Job of the current attempt.")
    public String jobName;

    @JsonPropertyDescription("When that Job was seen to exist; a Job missing after this was removed, not lost.")
    public String jobCreatedAt;

    @JsonPropertyDescription("No new Job before this time (backoff after a retryable failure).")
    public String retryAt;

    @JsonPropertyDescription("When the recovery reached Recovered, PDUnreachable or RecoveryFailed, or was"
            + " interrupted by state: stopped.")
    public String finishedAt;

    @JsonPropertyDescription("The checkpoint commit ts found after the fence (consistent=false).")
    public Long fromCommitTS;

    @JsonPropertyDescription("The commit ts the downstream is consistent at afterwards: safe to promote there.")
    public Long toCommitTS;

    @JsonPropertyDescription("Exit code of the last recovery Job's container, when known.")
    public Integer lastExitCode;

    @JsonPropertyDescription("What the recovery did last, or what it waits for.")
    public String message;

    /** A field-by-field copy. */
    public RecoveryStatus copy() {
        RecoveryStatus r = new RecoveryStatus();
        r.attempt = attempt;
        r.firstAttempt = firstAttempt;
        r.trigger = trigger;
        r.nonce = nonce;
        r.startedAt = startedAt;
        r.fencedAt = fencedAt;
        r.jobName = jobName;
        r.jobCreatedAt = jobCreatedAt;
        r.retryAt = retryAt;
        r.finishedAt = finishedAt;
        r.fromCommitTS = fromCommitTS;
        r.toCommitTS = toCommitTS;
        r.lastExitCode = lastExitCode;
        r.message = message;
        return r;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecoveryStatus r && Objects.equals(attempt, r.attempt)
                && Objects.equals(firstAttempt, r.firstAttempt) && Objects.equals(trigger, r.trigger)
                && Objects.equals(nonce, r.nonce) && Objects.equals(startedAt, r.startedAt)
                && Objects.equals(fencedAt, r.fencedAt) && Objects.equals(jobName, r.jobName)
                && Objects.equals(jobCreatedAt, r.jobCreatedAt) && Objects.equals(retryAt, r.retryAt)
                && Objects.equals(finishedAt, r.finishedAt) && Objects.equals(fromCommitTS, r.fromCommitTS)
                && Objects.equals(toCommitTS, r.toCommitTS) && Objects.equals(lastExitCode, r.lastExitCode)
                && Objects.equals(message, r.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(attempt, firstAttempt, trigger, nonce, startedAt, fencedAt, jobName, jobCreatedAt, retryAt,
                finishedAt, fromCommitTS, toCommitTS, lastExitCode, message);
    }
}
