package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** PD reachability as the operator probes it (as the drainer connects: each endpoint with a timeout). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PdStatus {
    @JsonPropertyDescription("Whether the last probe reached a PD endpoint.")
    public Boolean reachable;

    @JsonPropertyDescription("When PD was last probed.")
    public String lastProbeTime;

    @JsonPropertyDescription("Probes in a row that reached no endpoint.")
    public Integer consecutiveFailures;

    @JsonPropertyDescription("Since when reachable has had its current value.")
    public String since;

    @JsonPropertyDescription("The last probe's error, when it failed.")
    public String error;

    @JsonPropertyDescription("The cluster id PD reported in the last successful probe (status.clusterID stays"
            + " fixed during and after a recovery, so that a different cluster is noticed).")
    public String clusterID;

    /** A field-by-field copy. */
    public PdStatus copy() {
        PdStatus p = new PdStatus();
        p.reachable = reachable;
        p.lastProbeTime = lastProbeTime;
        p.consecutiveFailures = consecutiveFailures;
        p.since = since;
        p.error = error;
        p.clusterID = clusterID;
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PdStatus p && Objects.equals(reachable, p.reachable)
                && Objects.equals(lastProbeTime, p.lastProbeTime)
                && Objects.equals(consecutiveFailures, p.consecutiveFailures) && Objects.equals(since, p.since)
                && Objects.equals(error, p.error) && Objects.equals(clusterID, p.clusterID);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reachable, lastProbeTime, consecutiveFailures, since, error, clusterID);
    }
}
