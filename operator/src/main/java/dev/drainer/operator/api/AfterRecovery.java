package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What happens once PD answers again after a recovery (or after a fence that found nothing to recover). */
public enum AfterRecovery {
    /** Stay scaled to zero: a downstream may have been promoted meanwhile, and restarting would write to it. */
    @JsonProperty("Hold") HOLD,
    /** Scale back up and replicate again, unless PD now belongs to another cluster. */
    @JsonProperty("Resume") RESUME
}
