package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The checkpoint row of this drainer's cluster, as read by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckpointStatus {
    @JsonPropertyDescription("Every upstream transaction with commit ts at or below this is applied downstream.")
    public Long commitTS;

    @JsonPropertyDescription("The physical time of commitTS (TSO >> 18 ms), RFC 3339.")
    public String commitTime;

    @JsonPropertyDescription("true only after a clean stop or a finished recovery.")
    public Boolean consistent;

    @JsonPropertyDescription("When the row was last read.")
    public String observedAt;

    @JsonPropertyDescription("When commitTS was last seen to change (start of the stall clock).")
    public String lastAdvancedAt;

    @JsonPropertyDescription("Why the row could not be read, when it could not.")
    public String error;

    /** A field-by-field copy. */
    public CheckpointStatus copy() {
        CheckpointStatus c = new CheckpointStatus();
        c.commitTS = commitTS;
        c.commitTime = commitTime;
        c.consistent = consistent;
        c.observedAt = observedAt;
        c.lastAdvancedAt = lastAdvancedAt;
        c.error = error;
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckpointStatus c && Objects.equals(commitTS, c.commitTS)
                && Objects.equals(commitTime, c.commitTime) && Objects.equals(consistent, c.consistent)
                && Objects.equals(observedAt, c.observedAt) && Objects.equals(lastAdvancedAt, c.lastAdvancedAt)
                && Objects.equals(error, c.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(commitTS, commitTime, consistent, observedAt, lastAdvancedAt, error);
    }
}
