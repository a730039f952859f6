package dev.drainer.operator.decide;

import dev.drainer.config.GoDuration;
import dev.drainer.operator.api.AfterRecovery;
import dev.drainer.operator.api.DrainerSpec;
import dev.drainer.operator.api.DrainerState;
import dev.drainer.operator.api.DrainerStatus;
import dev.drainer.operator.api.PdStatus;
import dev.drainer.operator.api.Phase;
import dev.drainer.operator.api.RecoveryMode;
import dev.drainer.operator.api.RecoverySpec;
import dev.drainer.operator.api.RecoveryStatus;
import dev.drainer.operator.decide.RecoveryPlan.Verdict;
import dev.drainer.operator.observe.CheckpointReading;
import dev.drainer.operator.observe.CheckpointReading.Outcome;
import dev.drainer.operator.observe.Tso;
import dev.drainer.operator.render.DesiredObjects;
import dev.drainer.operator.render.Names;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The relay-log recovery state machine, a pure function like {@link DrainerPlanner}. Its persistent state is
 * {@code status.recovery} plus the phase, written before every action (write-ahead), so each round continues
 * from what the status says, never from memory:
 *
 * <pre>
 * idle --(PD unreachable beyond threshold | nonce changed, mode allows)--> Fencing (attempt n)
 * Fencing: StatefulSet at 0; pod still there past fenceTimeout --> RecoveryBlocked (or force delete, opted in)
 *          pod gone --> fencedAt recorded; the NEXT round's checkpoint read decides:
 *          no row / consistent=true --> PDUnreachable; consistent=false --> Recovering + Job n
 * Recovering: Job ended --> judged by exit code AND the checkpoint re-read:
 *          consistent=true --> Recovered; retryable --> backoff, Job n+1 (up to maxAttempts); fatal --> RecoveryFailed
 * Recovered / PDUnreachable: PD back --> Resume (same cluster id) to the ordinary phases, or Hold
 * state: stopped, in any phase: unfinished Jobs are deleted, the recovery ends (interrupted), phase Stopped
 * </pre>
 */
final class RecoveryPlanner {
    static final String TRIGGER_PD = "PDUnreachable";
    static final String TRIGGER_NONCE = "Nonce";
    static final int EXIT_RECOVERED = 0;
    static final int EXIT_FATAL = 1;
    static final int EXIT_NOTHING_TO_DO = 3;
    static final int EXIT_RETRYABLE = 75;
    /** One lost probe never starts a recovery, whatever the threshold. */
    private static final int MIN_FAILED_PROBES = 2;

    private final Observation o;
    private final Names names;
    private final RecoverySpec spec;
    private final boolean relayEnabled;
    private final boolean canAct;
    private final DrainerState state;
    private final DrainerStatus previous;
    private final DrainerStatus status;
    private final Instant now;
    private RecoveryStatus rec;
    private final List<EventNote> events = new ArrayList<>();
    private final List<String> deleteJobs = new ArrayList<>();
    private Phase phase;
    private boolean hold;
    private Integer createJob;
    private String forceDelete;
    private Verdict condition;

    private RecoveryPlanner(Observation o, DrainerSpec toRun, DrainerState state, DrainerStatus previous,
                            DrainerStatus status, boolean canAct) {
        this.o = o;
        this.names = new Names(o.drainer().getMetadata().getName(), o.drainer().getMetadata().getNamespace());
        this.spec = toRun != null && toRun.recovery != null ? toRun.recovery : new RecoverySpec();
        this.relayEnabled = toRun != null && toRun.relayLog.enabled;
        this.canAct = canAct;
        this.state = state;
        this.previous = previous;
        this.status = status;
        this.now = o.now();
        this.rec = previous.recovery == null ? new RecoveryStatus() : previous.recovery.copy();
    }

    /**
     * @param toRun   the spec that runs (null: none valid)
     * @param status  this round's status so far: PD and checkpoint already merged
     * @param canAct  the objects can be rendered (a valid spec and the password Secret): the fence and the Job
     *                are possible
     */
    static RecoveryPlan plan(Observation o, DrainerSpec toRun, DrainerState state, DrainerStatus previous,
                             DrainerStatus status, boolean canAct) {
        return new RecoveryPlanner(o, toRun, state, previous, status, canAct).run();
    }

    private RecoveryPlan run() {
        Phase prev = previous.phase;
        if (prev == null) {
            // A Drainer created with a nonce asks for no recovery; only a later change does.
            rec.nonce = spec.nonce;
        }
        if (state == DrainerState.STOPPED) {
            stopped(prev);
        } else if (prev != null && prev.recoveryActive()) {
            hold = true;
            if (prev == Phase.Recovering) {
                recovering();
            } else {
                fencing(prev);
            }
        } else if (prev != null && prev.recoveryHolding()) {
            holding(prev);
        } else {
            idle();
        }
        if (condition == null) {
            condition = phase != null ? new Verdict("True", phase.name(), rec.message)
                    : new Verdict("False", "Idle", rec.finishedAt == null ? "no recovery in progress"
                    : "no recovery in progress; the last one: " + rec.message);
        }
        RecoveryStatus written = rec.equals(new RecoveryStatus()) ? null : rec;
        return new RecoveryPlan(Optional.ofNullable(phase), hold, written, Optional.ofNullable(createJob),
                List.copyOf(deleteJobs), Optional.ofNullable(forceDelete), List.copyOf(events), condition);
    }

    /** Stop wins in every phase: nothing of the operator's may write the downstream while stopped. */
    private void stopped(Phase prev) {
        hold = true;
        List<String> running = o.workloads().jobs().stream().filter(j -> !finished(j))
                .map(j -> j.getMetadata().getName()).toList();
        deleteJobs.addAll(running);
        if (prev != null && prev.recoveryActive()) {
            rec.finishedAt = now.toString();
            rec.retryAt = null;
            rec.message = "interrupted by state: stopped during " + prev
                    + (running.isEmpty() ? "" : "; deleted Job " + String.join(", ", running))
                    + "; recovery converges when it runs again (replay is idempotent)";
            events.add(EventNote.warning("RecoveryInterrupted", rec.message));
        } else if (prev != null && prev.recoveryHolding()) {
            rec.message = "released from " + prev + " by state: stopped; state: running starts the drainer";
            events.add(EventNote.normal("RecoveryReleased", rec.message));
        }
    }

    private void idle() {
        boolean nonceChanged = nonceChanged();
        boolean pdDown = pdDownBeyondThreshold();
        if (nonceChanged && spec.mode == RecoveryMode.DISABLED) {
            ignoreNonce();
        } else if (canAct && spec.mode != RecoveryMode.DISABLED
                && (nonceChanged || spec.mode == RecoveryMode.AUTOMATIC && pdDown)) {
            start(nonceChanged ? TRIGGER_NONCE : TRIGGER_PD);
            return;
        }
        Optional<String> writer = liveWriter(null);
        if (writer.isPresent()) {
            hold = true;
            condition = new Verdict("True", "WaitingForRecoveryJob", writer.get()
                    + " still runs; the drainer starts once it has ended");
        } else if (pdDown && spec.mode == RecoveryMode.MANUAL) {
            condition = new Verdict("False", "RecoveryNeeded", "PD unreachable beyond "
                    + spec.pdUnreachableThreshold + "; spec.recovery.mode is Manual: change spec.recovery.nonce to"
                    + " fence the drainer and recover the relay log");
        } else if ((pdDown || nonceChanged) && !canAct && spec.mode != RecoveryMode.DISABLED) {
            condition = new Verdict("False", "RecoveryNeeded", "a recovery is due but cannot start without a valid"
                    + " spec and the password Secret");
        }
    }

    private void start(String trigger) {
        int attempt = (rec.attempt == null ? 0 : rec.attempt) + 1;
        RecoveryStatus fresh = new RecoveryStatus();
        fresh.attempt = attempt;
        fresh.firstAttempt = attempt;
        fresh.trigger = trigger;
        fresh.nonce = spec.nonce;
        fresh.startedAt = now.toString();
        fresh.message = (TRIGGER_NONCE.equals(trigger) ? "spec.recovery.nonce changed to '" + spec.nonce + "'"
                : "PD unreachable beyond " + spec.pdUnreachableThreshold + " (" + status.pd.consecutiveFailures
                + " failed probes since " + status.pd.since + ")") + ": fencing, StatefulSet " + names.statefulSet()
                + " scaled to 0";
        rec = fresh;
        phase = Phase.Fencing;
        hold = true;
    }

    private void fencing(Phase prev) {
        phase = Phase.Fencing;
        Optional<Pod> pod = o.workloads().drainerPod();
        if (pod.isPresent()) {
            // A pod seen again undoes the fence: the checkpoint read must follow its absence.
            rec.fencedAt = null;
            Duration timeout = GoDuration.parse(spec.fenceTimeout);
            boolean late = !now.isBefore(Instant.parse(rec.startedAt).plus(timeout));
            if (late && spec.forceDeleteStuckPod) {
                forceDelete = names.pod();
                rec.message = "pod " + names.pod() + " still present " + spec.fenceTimeout + " after fencing began"
                        + node(pod.get()) + ": force-deleting it (spec.recovery.forceDeleteStuckPod)";
                events.add(EventNote.warning("ForceDeletingPod", rec.message));
            } else if (late || prev == Phase.RecoveryBlocked) {
                phase = Phase.RecoveryBlocked;
                rec.message = "pod " + names.namespace() + "/" + names.pod() + " is still present "
                        + spec.fenceTimeout + " after the StatefulSet was scaled to 0" + node(pod.get())
                        + ". If that node is lost, make sure it is down, then run `kubectl delete pod " + names.pod()
                        + " -n " + names.namespace() + " --grace-period=0 --force` (or set"
                        + " spec.recovery.forceDeleteStuckPod: true); recovery continues once the pod is gone";
            } else {
                rec.message = "waiting for pod " + names.pod() + " to be gone (fenceTimeout " + spec.fenceTimeout
                        + ")";
            }
            return;
        }
        if (!statefulSetAtZero()) {
            rec.message = "waiting for StatefulSet " + names.statefulSet() + " to show 0 replicas";
            return;
        }
        if (rec.fencedAt == null) {
            rec.fencedAt = now.toString();
            rec.message = "fenced: no drainer pod runs; the next checkpoint read decides";
            events.add(EventNote.normal("Fenced", "pod " + names.pod() + " is gone, "
                    + Duration.between(Instant.parse(rec.startedAt), now).toSeconds() + "s after fencing began"));
            return;
        }
        // fencedAt was written in an earlier round, so this round's read saw no drainer running.
        Optional<CheckpointReading> read = o.checkpoint().filter(r -> r.outcome() != Outcome.FAILED);
        if (read.isEmpty()) {
            rec.message = "fenced; waiting for a checkpoint read" + o.checkpoint().map(r -> ": " + r.error())
                    .orElse("");
            return;
        }
        CheckpointReading r = read.get();
        if (r.outcome() == Outcome.ABSENT) {
            finish(Phase.PDUnreachable, "fenced; there is no checkpoint row, so nothing was replicated and there"
                    + " is nothing to recover");
        } else if (r.consistent()) {
            rec.fromCommitTS = r.commitTs();
            rec.toCommitTS = r.commitTs();
            finish(Phase.PDUnreachable, "fenced; nothing to recover: consistent at ts " + at(r.commitTs())
                    + ", safe to promote");
        } else if (!relayEnabled) {
            rec.fromCommitTS = r.commitTs();
            finish(Phase.RecoveryFailed, "fenced; consistent=false at ts " + at(r.commitTs()) + " but the relay log"
                    + " is disabled (spec.relayLog.enabled): nothing to replay, the downstream is not consistent");
        } else {
            rec.fromCommitTS = r.commitTs();
            startAttempt(rec.attempt);
        }
    }

    private void startAttempt(int attempt) {
        phase = Phase.Recovering;
        rec.attempt = attempt;
        rec.jobName = names.recoveryJob(attempt);
        rec.jobCreatedAt = null;
        rec.retryAt = null;
        rec.message = "replaying the relay log above ts " + rec.fromCommitTS + " with Job " + rec.jobName
                + " (attempt " + tries() + " of " + spec.maxAttempts + ")";
        createIfSafe();
    }

    /** Creates the current attempt's Job, unless it exists already or anything else could still write. */
    private void createIfSafe() {
        Optional<Job> existing = job(rec.jobName);
        if (existing.isPresent()) {
            // Names are per attempt and attempts only grow: a Job of this name is this attempt's own.
            rec.jobCreatedAt = Optional.ofNullable(existing.get().getMetadata().getCreationTimestamp())
                    .orElse(now.toString());
            return;
        }
        Optional<String> writer = o.workloads().drainerPod().map(p -> "pod " + names.pod())
                .or(() -> statefulSetAtZero() ? Optional.empty() : Optional.of("StatefulSet " + names.statefulSet()))
                .or(() -> liveWriter(rec.jobName));
        if (writer.isPresent()) {
            rec.message = "waiting for " + writer.get() + " to be gone before creating Job " + rec.jobName;
            return;
        }
        createJob = rec.attempt;
        events.add(EventNote.normal("RecoveryJobCreated", "Job " + rec.jobName + " replays the relay log above ts "
                + rec.fromCommitTS + " (attempt " + tries() + " of " + spec.maxAttempts + ")"));
    }

    private void recovering() {
        phase = Phase.Recovering;
        if (rec.retryAt != null) {
            if (now.isBefore(Instant.parse(rec.retryAt))) {
                return;
            }
            startAttempt(rec.attempt + 1);
            return;
        }
        Optional<Job> job = job(rec.jobName);
        if (job.isEmpty()) {
            if (rec.jobCreatedAt == null) {
                createIfSafe();
            } else {
                // Seen before and gone now (TTL, or deleted): the checkpoint alone can tell what it did.
                judge(null, "Job " + rec.jobName + " is gone (exit code unknown)");
            }
            return;
        }
        if (rec.jobCreatedAt == null) {
            rec.jobCreatedAt = Optional.ofNullable(job.get().getMetadata().getCreationTimestamp())
                    .orElse(now.toString());
            rec.message = "Job " + rec.jobName + " runs (attempt " + tries() + " of " + spec.maxAttempts + ")";
        }
        if (!finished(job.get())) {
            return;
        }
        Integer exit = exitCode(job.get());
        judge(exit, "Job " + rec.jobName + (exit != null ? " exited " + exit
                : deadlineExceeded(job.get()) ? " passed its deadline (" + spec.job.activeDeadlineSeconds + "s)"
                : " failed (exit code unknown)"));
    }

    /** The exit-code table and the checkpoint re-read together; without a fresh read, nothing is judged. */
    private void judge(Integer exit, String how) {
        Optional<CheckpointReading> read = o.checkpoint().filter(r -> r.outcome() != Outcome.FAILED);
        if (read.isEmpty()) {
            rec.message = how + "; waiting for a checkpoint read to judge it" + o.checkpoint()
                    .map(r -> ": " + r.error()).orElse("");
            return;
        }
        CheckpointReading r = read.get();
        rec.lastExitCode = exit;
        if (r.outcome() == Outcome.FOUND && r.consistent()) {
            rec.toCommitTS = r.commitTs();
            finish(Phase.Recovered, "recovered (" + how + "): consistent at ts " + at(r.commitTs())
                    + ", safe to promote at ts " + r.commitTs());
        } else if (r.outcome() == Outcome.ABSENT) {
            if (Objects.equals(exit, EXIT_NOTHING_TO_DO)) {
                finish(Phase.PDUnreachable, how + ": no checkpoint row, nothing to recover");
            } else {
                fail(how + " and the checkpoint row is gone");
            }
        } else if (Objects.equals(exit, EXIT_FATAL)) {
            fail(how + " (fatal): the checkpoint stays consistent=false at ts " + r.commitTs());
        } else if (Objects.equals(exit, EXIT_NOTHING_TO_DO)) {
            fail(how + " (nothing to do) yet the checkpoint row of cluster " + status.clusterID
                    + " says consistent=false at ts " + r.commitTs() + ": did it read another row?");
        } else if (tries() >= spec.maxAttempts) {
            fail(how + ", the checkpoint stays consistent=false at ts " + r.commitTs() + "; gave up after "
                    + tries() + " attempt(s) (spec.recovery.maxAttempts)");
        } else {
            Duration wait = backoff(tries());
            rec.retryAt = now.plus(wait).toString();
            rec.message = how + ", the checkpoint stays consistent=false at ts " + r.commitTs() + ": retryable;"
                    + " attempt " + (tries() + 1) + " of " + spec.maxAttempts + " at " + rec.retryAt;
            events.add(EventNote.warning("RecoveryRetry", rec.message));
        }
    }

    private void fail(String message) {
        finish(Phase.RecoveryFailed, message);
        events.add(EventNote.warning("RecoveryJobFailed", "Job " + rec.jobName + ": " + message + "; log tail:\n"
                + o.workloads().jobLogTail().orElse("(no log available)")));
    }

    private void finish(Phase end, String message) {
        phase = end;
        hold = true;
        rec.finishedAt = now.toString();
        rec.retryAt = null;
        rec.message = message;
    }

    private void holding(Phase prev) {
        phase = prev;
        hold = true;
        if (nonceChanged() && spec.mode == RecoveryMode.DISABLED) {
            ignoreNonce();
        } else if (nonceChanged() && canAct) {
            start(TRIGGER_NONCE);
            return;
        }
        if (prev == Phase.RecoveryFailed) {
            condition = new Verdict("True", prev.name(), rec.message + ". Fix the cause, then change"
                    + " spec.recovery.nonce to retry, or set spec.state to stopped and back to running to run the"
                    + " drainer without recovery");
            return;
        }
        PdStatus pd = status.pd;
        if (pd == null || !Boolean.TRUE.equals(pd.reachable)) {
            return;
        }
        if (spec.afterRecovery == AfterRecovery.HOLD) {
            condition = new Verdict("True", "Hold", "PD answers again; spec.recovery.afterRecovery is Hold (a"
                    + " downstream may have been promoted meanwhile), so the drainer stays stopped"
                    + (rec.toCommitTS != null ? " at ts " + rec.toCommitTS : "") + ". To resume replication, set"
                    + " spec.recovery.afterRecovery: Resume, or set spec.state to stopped and back to running");
            return;
        }
        if (status.clusterID != null && pd.clusterID != null && !status.clusterID.equals(pd.clusterID)) {
            condition = new Verdict("True", "ClusterIDMismatch", "PD now reports cluster id " + pd.clusterID
                    + " but this drainer replicated cluster " + status.clusterID + ": refusing to resume. Point"
                    + " spec.pd at the original cluster, or delete the Drainer and create a new one");
            return;
        }
        Optional<String> writer = liveWriter(null);
        if (writer.isPresent()) {
            condition = new Verdict("True", "WaitingForRecoveryJob", writer.get()
                    + " still runs; the drainer resumes once it has ended");
            return;
        }
        phase = null;
        hold = false;
        rec.message = "resumed after " + prev + ": PD answers with cluster id " + pd.clusterID;
        events.add(EventNote.normal("Resumed", rec.message));
    }

    private void ignoreNonce() {
        rec.nonce = spec.nonce;
        events.add(EventNote.warning("RecoveryDisabled", "spec.recovery.nonce changed to '" + spec.nonce
                + "' but spec.recovery.mode is Disabled: ignored"));
    }

    private boolean nonceChanged() {
        return spec.nonce != null && !spec.nonce.equals(rec.nonce);
    }

    private boolean pdDownBeyondThreshold() {
        PdStatus pd = status.pd;
        return pd != null && Boolean.FALSE.equals(pd.reachable) && pd.consecutiveFailures != null
                && pd.consecutiveFailures >= MIN_FAILED_PROBES && pd.since != null
                && !now.isBefore(Instant.parse(pd.since).plus(GoDuration.parse(spec.pdUnreachableThreshold)));
    }

    /** Jobs run by this recovery count against maxAttempts; the attempt number itself never goes back. */
    private int tries() {
        return rec.attempt - rec.firstAttempt + 1;
    }

    private Duration backoff(int tries) {
        Duration max = GoDuration.parse(spec.maxBackoff);
        Duration wait = GoDuration.parse(spec.backoff);
        for (int i = 1; i < tries && wait.compareTo(max) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(max) > 0 ? max : wait;
    }

    private boolean statefulSetAtZero() {
        Optional<StatefulSet> sts = o.statefulSet();
        if (sts.isEmpty()) {
            return true;
        }
        StatefulSet s = sts.get();
        boolean specZero = s.getSpec() != null && Objects.equals(s.getSpec().getReplicas(), 0);
        boolean statusZero = s.getStatus() == null || s.getStatus().getReplicas() == null
                || s.getStatus().getReplicas() == 0;
        return specZero && statusZero;
    }

    /** A Job (other than {@code except}) that has not finished, or a Job pod that has not ended. */
    private Optional<String> liveWriter(String except) {
        Optional<String> job = o.workloads().jobs().stream().filter(j -> !j.getMetadata().getName().equals(except))
                .filter(j -> !finished(j)).map(j -> "recovery Job " + j.getMetadata().getName()).findFirst();
        return job.or(() -> o.workloads().jobPods().stream().filter(p -> !ownedBy(p, except))
                .filter(p -> p.getStatus() == null || !("Succeeded".equals(p.getStatus().getPhase())
                        || "Failed".equals(p.getStatus().getPhase())))
                .map(p -> "recovery pod " + p.getMetadata().getName()).findFirst());
    }

    private Optional<Job> job(String name) {
        return o.workloads().jobs().stream().filter(j -> j.getMetadata().getName().equals(name)).findFirst();
    }

    static boolean finished(Job job) {
        if (job.getStatus() == null) {
            return false;
        }
        boolean byCondition = job.getStatus().getConditions() != null && job.getStatus().getConditions().stream()
                .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                        && "True".equals(c.getStatus()));
        return byCondition || positive(job.getStatus().getSucceeded()) || positive(job.getStatus().getFailed());
    }

    private static boolean deadlineExceeded(Job job) {
        List<JobCondition> conditions = job.getStatus().getConditions();
        return conditions != null && conditions.stream().anyMatch(c -> "Failed".equals(c.getType())
                && "DeadlineExceeded".equals(c.getReason()));
    }

    /** The drainer container's exit code from the Job's pod; 0 for a Complete Job whose pod is gone. */
    private Integer exitCode(Job job) {
        Optional<Integer> code = o.workloads().jobPods().stream().filter(p -> ownedBy(p, job.getMetadata().getName()))
                .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null)
                .flatMap(p -> p.getStatus().getContainerStatuses().stream())
                .filter(c -> DesiredObjects.CONTAINER.equals(c.getName()))
                .map(ContainerStatus::getState).filter(s -> s != null && s.getTerminated() != null)
                .map(s -> s.getTerminated().getExitCode()).findFirst();
        if (code.isPresent()) {
            return code.get();
        }
        return positive(job.getStatus().getSucceeded()) ? EXIT_RECOVERED : null;
    }

    static boolean ownedBy(Pod pod, String job) {
        return job != null && pod.getMetadata().getOwnerReferences() != null && pod.getMetadata().getOwnerReferences()
                .stream().anyMatch(r -> "Job".equals(r.getKind()) && job.equals(r.getName()));
    }

    private static boolean positive(Integer n) {
        return n != null && n > 0;
    }

    private static String node(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getNodeName() != null ? " on node "
                + pod.getSpec().getNodeName() : "";
    }

    private static String at(long ts) {
        return ts + " (" + Tso.physicalTime(ts) + ")";
    }
}
