package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What the operator observed and decided: phase, conditions, checkpoint and PD reachability. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DrainerStatus {
    @JsonPropertyDescription("The metadata.generation this status describes.")
    public Long observedGeneration;

    @JsonPropertyDescription("Pending, Running, Stalled, Stopped, Invalid, Deleting, or a recovery phase: Fencing,"
            + " RecoveryBlocked, Recovering, Recovered, RecoveryFailed, PDUnreachable.")
    public Phase phase;

    @JsonPropertyDescription("The upstream cluster id, recorded while PD is reachable (unsigned 64-bit, as text).")
    public String clusterID;

    @JsonPropertyDescription("Ready, PDReachable, CheckpointConsistent, InvalidSpec, Recovery.")
    public List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The checkpoint row as last read from the downstream.")
    public CheckpointStatus checkpoint;

    @JsonPropertyDescription("PD reachability as last probed.")
    public PdStatus pd;

    @JsonPropertyDescription("JSON of the last spec that passed validation: what keeps running while the current"
            + " spec is invalid.")
    public String lastValidSpec;

    @JsonPropertyDescription("How the node was marked offline during deletion (http or etcd).")
    public String offlineMarkedBy;

    @JsonPropertyDescription("The current or last relay-log recovery.")
    public RecoveryStatus recovery;

    /** A deep enough copy for the planner to modify freely (conditions are replaced, never edited). */
    public DrainerStatus copy() {
        DrainerStatus s = new DrainerStatus();
        s.observedGeneration = observedGeneration;
        s.phase = phase;
        s.clusterID = clusterID;
        s.conditions = new ArrayList<>(conditions == null ? List.of() : conditions);
        s.checkpoint = checkpoint == null ? null : checkpoint.copy();
        s.pd = pd == null ? null : pd.copy();
        s.lastValidSpec = lastValidSpec;
        s.offlineMarkedBy = offlineMarkedBy;
        s.recovery = recovery == null ? null : recovery.copy();
        return s;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DrainerStatus s && Objects.equals(observedGeneration, s.observedGeneration)
                && phase == s.phase && Objects.equals(clusterID, s.clusterID)
                && Objects.equals(conditions, s.conditions) && Objects.equals(checkpoint, s.checkpoint)
                && Objects.equals(pd, s.pd) && Objects.equals(lastValidSpec, s.lastValidSpec)
                && Objects.equals(offlineMarkedBy, s.offlineMarkedBy) && Objects.equals(recovery, s.recovery);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, phase, clusterID, conditions, checkpoint, pd, lastValidSpec,
                offlineMarkedBy, recovery);
    }
}
