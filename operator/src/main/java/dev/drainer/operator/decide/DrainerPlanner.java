package dev.drainer.operator.decide;

import dev.drainer.operator.api.CheckpointStatus;
import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerSpec;
import dev.drainer.operator.api.DrainerState;
import dev.drainer.operator.api.DrainerStatus;
import dev.drainer.operator.api.PdStatus;
import dev.drainer.operator.api.Phase;
import dev.drainer.operator.observe.CheckpointReading;
import dev.drainer.operator.observe.PdProbeResult;
import dev.drainer.operator.observe.Tso;
import dev.drainer.operator.render.Desired;
import dev.drainer.operator.render.DesiredObjects;
import dev.drainer.operator.render.DrainerToml;
import dev.drainer.operator.render.Names;
import dev.drainer.operator.render.RecoveryJob;
import dev.drainer.operator.validate.Violation;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The decision of one reconcile, as a pure function of the observation: which objects should exist, what the
 * status says, which events to record. No Kubernetes, PD or database access, so every branch is unit-tested.
 *
 * <p>An invalid spec never reaches the cluster: the last valid spec (kept in the status) keeps running, or
 * nothing is created when there never was one. {@code state: stopped} is honoured in every case. Recovery
 * ({@link RecoveryPlanner}) may hold the pod at zero and imposes its phases.
 */
public final class DrainerPlanner {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final Set<Phase> WARNING_PHASES = EnumSet.of(Phase.Stalled, Phase.Invalid, Phase.Fencing,
            Phase.RecoveryBlocked, Phase.RecoveryFailed, Phase.PDUnreachable);

    private DrainerPlanner() {
    }

    /** Decides what to do about one Drainer. */
    public static Decision decide(Observation o) {
        Drainer drainer = o.drainer();
        DrainerSpec spec = drainer.getSpec();
        Names names = new Names(drainer.getMetadata().getName(), drainer.getMetadata().getNamespace());
        DrainerStatus previous = drainer.getStatus() == null ? new DrainerStatus() : drainer.getStatus();
        DrainerStatus status = previous.copy();
        long generation = Objects.requireNonNullElse(drainer.getMetadata().getGeneration(), 0L);
        status.observedGeneration = generation;

        List<Violation> violations = new ArrayList<>(o.violations());
        Optional<String> rowConflict = violations.isEmpty() ? RowClaims.conflict(drainer, o.others())
                : Optional.empty();
        rowConflict.ifPresent(m -> violations.add(new Violation("spec.checkpoint", m)));

        if (violations.isEmpty()) {
            status.lastValidSpec = JSON.asJson(spec);
        }
        DrainerSpec toRun = violations.isEmpty() ? spec : previous.lastValidSpec == null ? null
                : JSON.unmarshal(previous.lastValidSpec, DrainerSpec.class);
        DrainerState state = spec != null && spec.state != null ? spec.state : DrainerState.RUNNING;
        boolean canRender = toRun != null && o.secretHash().isPresent();

        boolean recovering = previous.phase != null && (previous.phase.recoveryActive()
                || previous.phase.recoveryHolding());
        o.pd().ifPresent(p -> pd(status, p, o.now(), recovering));
        o.checkpoint().ifPresent(c -> checkpoint(status, c, o.now()));
        RecoveryPlan recovery = RecoveryPlanner.plan(o, toRun, state, previous, status, canRender);
        status.recovery = recovery.recovery();
        DrainerState runAs = recovery.holdStopped() ? DrainerState.STOPPED : state;

        Optional<Desired> desired = Optional.empty();
        Optional<Job> job = Optional.empty();
        if (canRender) {
            String toml = DrainerToml.render(DrainerToml.config(toRun, names));
            desired = Optional.of(DesiredObjects.build(drainer, toRun, runAs, toml, o.secretHash().get()));
            job = recovery.createJob().map(n -> RecoveryJob.build(drainer, toRun, toml, n, status.clusterID));
        }

        boolean podReady = runAs == DrainerState.RUNNING && o.statefulSet().map(DrainerPlanner::readyReplicas)
                .orElse(0) > 0;
        if (!podReady && status.checkpoint != null) {
            // The stall clock starts when the pod becomes ready, not at the last advance before a stop.
            status.checkpoint.lastAdvancedAt = o.now().toString();
        }
        boolean stalled = podReady && status.checkpoint != null && status.checkpoint.lastAdvancedAt != null
                && Duration.between(Instant.parse(status.checkpoint.lastAdvancedAt), o.now())
                .compareTo(o.stallThreshold()) > 0;

        Conditions c = new Conditions(previous.conditions, generation, o.now());
        ready(c, state, toRun, o.secretHash().isPresent(), podReady, stalled, o.stallThreshold(), recovery);
        pdCondition(c, status.pd);
        consistentCondition(c, status.checkpoint);
        if (violations.isEmpty()) {
            c.set(Conditions.INVALID_SPEC, false, "Valid", "the spec is valid");
        } else {
            String message = violations.stream().map(Violation::toString).collect(Collectors.joining("; "))
                    + (toRun != null ? " (the last valid spec keeps running)" : " (nothing was created)");
            c.set(Conditions.INVALID_SPEC, true, rowConflict.isPresent() ? "CheckpointRowInUse" : "InvalidSpec",
                    message);
        }
        c.set(Conditions.RECOVERY, recovery.condition().status(), recovery.condition().reason(),
                recovery.condition().message());
        status.conditions = c.build();

        if (state == DrainerState.STOPPED) {
            status.phase = Phase.Stopped;
        } else if (recovery.phase().isPresent()) {
            status.phase = recovery.phase().get();
        } else if (toRun == null) {
            status.phase = Phase.Invalid;
        } else if (podReady) {
            status.phase = stalled ? Phase.Stalled : Phase.Running;
        } else {
            status.phase = Phase.Pending;
        }
        List<EventNote> events = events(previous, status);
        events.addAll(recovery.events());
        return new Decision(desired, status, events, job, recovery.deleteJobs(), recovery.forceDeletePod());
    }

    private static int readyReplicas(StatefulSet s) {
        return s.getStatus() == null || s.getStatus().getReadyReplicas() == null ? 0 : s.getStatus().getReadyReplicas();
    }

    /** @param recovering the cluster id is kept fixed, so that Resume can notice a different cluster */
    private static void pd(DrainerStatus status, PdProbeResult p, Instant now, boolean recovering) {
        PdStatus old = status.pd == null ? new PdStatus() : status.pd;
        PdStatus pd = old.copy();
        pd.reachable = p.reachable();
        pd.lastProbeTime = now.toString();
        pd.consecutiveFailures = p.reachable() ? 0 : Objects.requireNonNullElse(old.consecutiveFailures, 0) + 1;
        pd.since = Objects.equals(old.reachable, p.reachable()) && old.since != null ? old.since : now.toString();
        pd.error = p.error();
        if (p.reachable() && p.clusterId() != null) {
            pd.clusterID = p.clusterId();
            if (!recovering || status.clusterID == null) {
                status.clusterID = p.clusterId();
            }
        }
        status.pd = pd;
    }

    private static void checkpoint(DrainerStatus status, CheckpointReading r, Instant now) {
        CheckpointStatus old = status.checkpoint == null ? new CheckpointStatus() : status.checkpoint;
        CheckpointStatus cp = old.copy();
        cp.observedAt = now.toString();
        switch (r.outcome()) {
            case FOUND -> {
                if (!Objects.equals(old.commitTS, r.commitTs()) || old.lastAdvancedAt == null) {
                    cp.lastAdvancedAt = now.toString();
                }
                cp.commitTS = r.commitTs();
                cp.commitTime = Tso.physicalTime(r.commitTs()).toString();
                cp.consistent = r.consistent();
                cp.error = null;
            }
            case ABSENT -> {
                cp.commitTS = null;
                cp.commitTime = null;
                cp.consistent = null;
                cp.error = null;
            }
            case FAILED -> cp.error = r.error();
        }
        status.checkpoint = cp;
    }

    private static void ready(Conditions c, DrainerState state, DrainerSpec toRun, boolean secret, boolean podReady,
                              boolean stalled, Duration threshold, RecoveryPlan recovery) {
        if (state == DrainerState.STOPPED) {
            c.set(Conditions.READY, false, "Stopped", "state is stopped: the drainer is scaled to zero");
        } else if (recovery.holdStopped()) {
            c.set(Conditions.READY, false, "Recovery", "held at zero replicas by recovery: "
                    + recovery.condition().message());
        } else if (toRun == null) {
            c.set(Conditions.READY, false, "InvalidSpec", "no valid spec to run");
        } else if (!secret) {
            c.set(Conditions.READY, false, "SecretNotFound", "the password Secret " + toRun.downstream.passwordSecretRef.name
                    + " (key " + toRun.downstream.passwordSecretRef.key + ") was not found; nothing is changed until"
                    + " it exists");
        } else if (!podReady) {
            c.set(Conditions.READY, false, "PodNotReady", "the drainer pod is not ready");
        } else if (stalled) {
            c.set(Conditions.READY, false, "CheckpointStalled", "the checkpoint has not advanced for more than "
                    + threshold.toSeconds() + "s while the pod runs");
        } else {
            c.set(Conditions.READY, true, "Running", "the drainer pod is ready and the checkpoint advances");
        }
    }

    private static void pdCondition(Conditions c, PdStatus pd) {
        if (pd == null || pd.reachable == null) {
            c.set(Conditions.PD_REACHABLE, "Unknown", "NotProbed", "PD has not been probed yet");
        } else if (pd.reachable) {
            c.set(Conditions.PD_REACHABLE, true, "Reachable", "PD answered");
        } else {
            c.set(Conditions.PD_REACHABLE, false, "Unreachable", pd.consecutiveFailures + " probe(s) in a row failed: "
                    + pd.error);
        }
    }

    private static void consistentCondition(Conditions c, CheckpointStatus cp) {
        if (cp == null) {
            c.set(Conditions.CHECKPOINT_CONSISTENT, "Unknown", "NotRead", "the checkpoint has not been read yet");
        } else if (cp.error != null && cp.commitTS == null) {
            c.set(Conditions.CHECKPOINT_CONSISTENT, "Unknown", "Unreadable", cp.error);
        } else if (cp.commitTS == null) {
            c.set(Conditions.CHECKPOINT_CONSISTENT, "Unknown", "NoCheckpoint", "there is no checkpoint row yet");
        } else if (Boolean.TRUE.equals(cp.consistent)) {
            c.set(Conditions.CHECKPOINT_CONSISTENT, true, "Consistent",
                    "the downstream is consistent at commit ts " + cp.commitTS);
        } else {
            c.set(Conditions.CHECKPOINT_CONSISTENT, false, "NotConsistent", "consistent=false at commit ts "
                    + cp.commitTS + ": normal while the drainer runs, a recovery is needed after a crash");
        }
    }

    /** One event per phase change and per condition whose status changed. */
    private static List<EventNote> events(DrainerStatus previous, DrainerStatus next) {
        List<EventNote> events = new ArrayList<>();
        if (previous.phase != next.phase) {
            String message = "phase " + (previous.phase == null ? "none" : previous.phase) + " -> " + next.phase
                    + (next.phase.recoveryActive() || next.phase.recoveryHolding() ? ": " + next.recovery.message
                    : "");
            events.add(WARNING_PHASES.contains(next.phase) ? EventNote.warning("Phase" + next.phase, message)
                    : EventNote.normal("Phase" + next.phase, message));
        }
        for (Condition now : next.conditions) {
            if (Conditions.RECOVERY.equals(now.getType())) {
                recoveryConditionEvent(previous, now).ifPresent(events::add);
                continue;
            }
            String before = Conditions.find(previous.conditions, now.getType()).map(Condition::getStatus).orElse(null);
            if (before == null && "Unknown".equals(now.getStatus()) || Objects.equals(before, now.getStatus())) {
                continue;
            }
            boolean bad = Conditions.INVALID_SPEC.equals(now.getType()) ? "True".equals(now.getStatus())
                    : "False".equals(now.getStatus());
            events.add(bad ? EventNote.warning(now.getReason(), now.getMessage())
                    : EventNote.normal(now.getReason(), now.getMessage()));
        }
        return events;
    }

    /**
     * The Recovery condition's reasons that are no phase (Hold, ClusterIDMismatch, RecoveryNeeded,
     * WaitingForRecoveryJob) are events of their own when they appear; phases have theirs already.
     */
    private static Optional<EventNote> recoveryConditionEvent(DrainerStatus previous, Condition now) {
        String before = Conditions.find(previous.conditions, now.getType()).map(Condition::getReason).orElse(null);
        boolean phaseReason = Arrays.stream(Phase.values()).anyMatch(p -> p.name().equals(now.getReason()));
        if (Objects.equals(before, now.getReason()) || "Idle".equals(now.getReason()) || phaseReason) {
            return Optional.empty();
        }
        return Optional.of(EventNote.warning(now.getReason(), now.getMessage()));
    }
}
