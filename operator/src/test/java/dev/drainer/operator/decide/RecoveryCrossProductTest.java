package dev.drainer.operator.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.drainer.operator.Fixtures;
import dev.drainer.operator.Workload;
import dev.drainer.operator.api.AfterRecovery;
import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerState;
import dev.drainer.operator.api.DrainerStatus;
import dev.drainer.operator.api.PdStatus;
import dev.drainer.operator.api.Phase;
import dev.drainer.operator.api.RecoveryMode;
import dev.drainer.operator.api.RecoveryStatus;
import dev.drainer.operator.observe.CheckpointReading;
import dev.drainer.operator.observe.PdProbeResult;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The decision over the generated full cross product of history (the persisted phase and recovery status) ×
 * PD × checkpoint read × pod/Job state × StatefulSet × mode (with afterRecovery and force-delete) × nonce ×
 * stop, each checked against the invariants that make recovery safe.
 */
class RecoveryCrossProductTest {
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final String NAME = "d";
    private static final String CURRENT_JOB = NAME + "-recover-2";
    private static final String OLD_JOB = NAME + "-recover-1";
    private static final long INCONSISTENT_TS = 100;
    private static final long CONSISTENT_TS = 200;

    /** What the status said before this round. */
    enum History {
        NEW, RUNNING, STOPPED, FENCING, FENCING_LATE, FENCED, BLOCKED, RECOVERING_UNCREATED, RECOVERING, BACKOFF,
        BACKOFF_DUE, RECOVERED, NOTHING_TO_RECOVER, FAILED
    }

    enum Pd { UNKNOWN, UP, UP_OTHER_CLUSTER, DOWN_SHORT, DOWN_LONG }

    enum Cp { NOT_READ, ABSENT, CONSISTENT, INCONSISTENT, FAILED }

    enum Work {
        NONE, POD_RUNNING, POD_TERMINATING, JOB_ACTIVE, JOB_EXIT_0, JOB_EXIT_75, JOB_EXIT_1, JOB_EXIT_3, JOB_DEADLINE,
        OLD_JOB_RUNNING
    }

    enum Mode {
        AUTOMATIC_HOLD(RecoveryMode.AUTOMATIC, AfterRecovery.HOLD, false),
        AUTOMATIC_RESUME_FORCE(RecoveryMode.AUTOMATIC, AfterRecovery.RESUME, true),
        MANUAL_HOLD(RecoveryMode.MANUAL, AfterRecovery.HOLD, false),
        MANUAL_RESUME_FORCE(RecoveryMode.MANUAL, AfterRecovery.RESUME, true),
        DISABLED_HOLD(RecoveryMode.DISABLED, AfterRecovery.HOLD, false),
        DISABLED_RESUME_FORCE(RecoveryMode.DISABLED, AfterRecovery.RESUME, true);

        final RecoveryMode mode;
        final AfterRecovery after;
        final boolean force;

        Mode(RecoveryMode mode, AfterRecovery after, boolean force) {
            this.mode = mode;
            this.after = after;
            this.force = force;
        }
    }

    record Case(History history, Pd pd, Cp cp, Work work, int stsReplicas, Mode mode, boolean nonceChanged,
                boolean stopped) {
    }

    @Test
    void everyCombinationKeepsTheInvariants() {
        int cases = 0;
        Map<String, Integer> outcomes = new TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (History h : History.values()) {
            for (Pd p : Pd.values()) {
                for (Cp c : Cp.values()) {
                    for (Work w : Work.values()) {
                        for (int replicas : new int[]{0, 1}) {
                            for (Mode m : Mode.values()) {
                                for (boolean nonce : new boolean[]{false, true}) {
                                    for (boolean stop : new boolean[]{false, true}) {
                                        Case k = new Case(h, p, c, w, replicas, m, nonce, stop);
                                        cases++;
                                        try {
                                            Decision d = check(k);
                                            outcomes.merge(h + "->" + d.status().phase, 1, Integer::sum);
                                        } catch (AssertionError | RuntimeException e) {
                                            if (failures.size() < 20) {
                                                failures.add(k + ": " + e.getMessage());
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " failing case(s), first ones:\n" + String.join("\n", failures));
        }
        assertEquals(14 * 5 * 5 * 10 * 2 * 6 * 2 * 2, cases);
        // The product must reach every phase the machine has, or it tests less than it claims.
        for (Phase phase : List.of(Phase.Fencing, Phase.RecoveryBlocked, Phase.Recovering, Phase.Recovered,
                Phase.PDUnreachable, Phase.RecoveryFailed, Phase.Stopped, Phase.Pending, Phase.Running)) {
            assertTrue(outcomes.keySet().stream().anyMatch(o -> o.endsWith("->" + phase)), phase + " never reached: "
                    + outcomes);
        }
    }

    private static Decision check(Case k) {
        Drainer d = drainer(k);
        DrainerStatus before = d.getStatus() == null ? new DrainerStatus() : d.getStatus().copy();
        Observation o = observation(d, k);
        Decision dec = DrainerPlanner.decide(o);
        DrainerStatus after = dec.status();
        int replicas = dec.desired().orElseThrow().statefulSet().getSpec().getReplicas();
        Phase prev = before.phase;
        boolean prevActive = prev != null && prev.recoveryActive();
        boolean prevHolding = prev != null && prev.recoveryHolding();
        RecoveryStatus was = before.recovery;
        RecoveryStatus is = after.recovery;

        // Attempts never decrease.
        assertTrue(attempt(is) >= attempt(was), "attempt went from " + attempt(was) + " to " + attempt(is));
        // Stop wins everywhere: zero replicas, no Job, every unfinished Job deleted.
        if (k.stopped) {
            assertEquals(0, replicas, "stopped but replicas " + replicas);
            assertTrue(dec.createJob().isEmpty(), "stopped but a Job is created");
            assertEquals(Phase.Stopped, after.phase);
            o.workloads().jobs().stream().filter(j -> !RecoveryPlanner.finished(j))
                    .forEach(j -> assertTrue(dec.deleteJobs().contains(j.getMetadata().getName()),
                            "stopped but Job " + j.getMetadata().getName() + " is left running"));
        } else {
            assertTrue(dec.deleteJobs().isEmpty(), "Jobs deleted without a stop: " + dec.deleteJobs());
        }
        // Never two writers: replicas > 0 only with no recovery under way and no recovery process alive.
        if (replicas > 0) {
            assertTrue(after.phase != null && !after.phase.recoveryActive() && !after.phase.recoveryHolding(),
                    "replicas 1 in phase " + after.phase);
            assertTrue(liveJobs(o).isEmpty(), "replicas 1 while " + liveJobs(o) + " may run");
        }
        if (prevActive && !k.stopped) {
            assertEquals(0, replicas, "a recovery under way let the pod run");
        }
        // A Job only after a persisted fence, with no drainer pod, the StatefulSet at zero, its name in the status.
        dec.createJob().ifPresent(job -> {
            String name = job.getMetadata().getName();
            assertTrue(was != null && was.fencedAt != null, "Job " + name + " without a fence written earlier");
            assertTrue(prevActive, "Job from phase " + prev);
            assertTrue(o.workloads().drainerPod().isEmpty(), "Job while the drainer pod exists");
            assertEquals(0, k.stsReplicas, "Job while the observed StatefulSet has replicas");
            assertEquals(0, replicas);
            assertEquals(Phase.Recovering, after.phase);
            assertEquals(name, is.jobName, "the status must name the Job before it is created");
            assertEquals(NAME + "-recover-" + is.attempt, name);
            assertTrue(o.workloads().jobs().stream().noneMatch(j -> j.getMetadata().getName().equals(name)),
                    "a second Job of the same name");
            assertTrue(liveJobs(o).isEmpty(), "Job while another recovery process may run: " + liveJobs(o));
            assertEquals(0, job.getSpec().getBackoffLimit());
        });
        // A recovery starts only as the mode allows, as a new attempt, from outside a recovery.
        if (after.phase == Phase.Fencing && !prevActive) {
            boolean pdDown = k.pd == Pd.DOWN_LONG;
            assertTrue(k.mode.mode != RecoveryMode.DISABLED, "Disabled mode started a recovery");
            assertTrue(k.nonceChanged || k.mode.mode == RecoveryMode.AUTOMATIC && pdDown,
                    "a recovery started without a trigger");
            assertTrue(!prevHolding || k.nonceChanged, "a held phase restarted without a nonce change");
            assertEquals(attempt(was) + 1, attempt(is));
            assertEquals(NOW.toString(), is.startedAt);
            assertTrue(is.fencedAt == null && is.jobName == null, "a new recovery must fence again");
        }
        // Fencing is entered once per recovery: a recovery under way never goes back to a fresh fence.
        if (prevActive && after.phase != null && after.phase.recoveryActive()) {
            assertEquals(was.startedAt, is.startedAt, "the fence was restarted");
            assertEquals(was.firstAttempt, is.firstAttempt);
        }
        // Recovering is reached only through a completed fence.
        if (after.phase == Phase.Recovering && prev != Phase.Recovering) {
            assertTrue(was.fencedAt != null, "Recovering without a persisted fence");
        }
        // End states are judged on a fresh checkpoint read.
        if (after.phase == Phase.Recovered && prev != Phase.Recovered) {
            assertEquals(Cp.CONSISTENT, k.cp);
            assertEquals(CONSISTENT_TS, is.toCommitTS);
            assertTrue(is.message.contains("safe to promote at ts " + CONSISTENT_TS), is.message);
        }
        if (after.phase == Phase.PDUnreachable && prev != Phase.PDUnreachable) {
            assertTrue(k.cp == Cp.CONSISTENT || k.cp == Cp.ABSENT, "nothing to recover judged on " + k.cp);
        }
        // Leaving a held phase for ordinary running: only on Resume, with PD back and the same cluster.
        if (prevHolding && !k.stopped && after.phase != null && !after.phase.recoveryActive()
                && !after.phase.recoveryHolding()) {
            assertEquals(AfterRecovery.RESUME, k.mode.after);
            assertTrue(k.pd == Pd.UP, "resumed with PD " + k.pd);
            assertTrue(prev != Phase.RecoveryFailed, "resumed after RecoveryFailed");
        }
        // Force delete only when opted in, only of the drainer pod, only while fencing.
        dec.forceDeletePod().ifPresent(p -> {
            assertTrue(k.mode.force, "force delete without opt-in");
            assertEquals(NAME + "-0", p);
            assertTrue(o.workloads().drainerPod().isPresent());
        });
        // Every phase change is an event.
        if (prev != after.phase) {
            assertTrue(dec.events().stream().anyMatch(e -> e.reason().equals("Phase" + after.phase)),
                    "no event for " + prev + " -> " + after.phase);
        }
        return dec;
    }

    private static int attempt(RecoveryStatus r) {
        return r == null || r.attempt == null ? 0 : r.attempt;
    }

    private static List<String> liveJobs(Observation o) {
        List<String> live = new ArrayList<>();
        o.workloads().jobs().stream().filter(j -> !RecoveryPlanner.finished(j))
                .forEach(j -> live.add(j.getMetadata().getName()));
        o.workloads().jobPods().stream().filter(p -> "Running".equals(p.getStatus().getPhase()))
                .forEach(p -> live.add(p.getMetadata().getName()));
        return live;
    }

    static Drainer drainer(Case k) {
        Drainer d = Fixtures.drainer("ns", NAME);
        d.getSpec().state = k.stopped ? DrainerState.STOPPED : DrainerState.RUNNING;
        d.getSpec().recovery.mode = k.mode.mode;
        d.getSpec().recovery.afterRecovery = k.mode.after;
        d.getSpec().recovery.forceDeleteStuckPod = k.mode.force;
        d.getSpec().recovery.nonce = k.nonceChanged ? "n2" : "n1";
        d.setStatus(history(k.history, k.pd));
        return d;
    }

    private static DrainerStatus history(History h, Pd pd) {
        if (h == History.NEW) {
            return null;
        }
        DrainerStatus s = new DrainerStatus();
        s.clusterID = "7";
        s.observedGeneration = 1L;
        s.pd = previousPd(pd);
        RecoveryStatus r = new RecoveryStatus();
        r.nonce = "n1";
        r.attempt = 2;
        r.firstAttempt = 1;
        r.trigger = "PDUnreachable";
        r.startedAt = NOW.minusSeconds(60).toString();
        r.fromCommitTS = INCONSISTENT_TS;
        r.message = "before";
        s.recovery = r;
        switch (h) {
            case RUNNING -> {
                s.phase = Phase.Running;
                r.finishedAt = NOW.minusSeconds(3600).toString();
            }
            case STOPPED -> {
                s.phase = Phase.Stopped;
                r.finishedAt = NOW.minusSeconds(3600).toString();
            }
            case FENCING -> {
                s.phase = Phase.Fencing;
                r.startedAt = NOW.minusSeconds(30).toString();
                r.fromCommitTS = null;
            }
            case FENCING_LATE -> {
                s.phase = Phase.Fencing;
                r.startedAt = NOW.minus(Duration.ofMinutes(10)).toString();
                r.fromCommitTS = null;
            }
            case FENCED -> {
                s.phase = Phase.Fencing;
                r.fencedAt = NOW.minusSeconds(5).toString();
                r.fromCommitTS = null;
            }
            case BLOCKED -> {
                s.phase = Phase.RecoveryBlocked;
                r.startedAt = NOW.minus(Duration.ofMinutes(10)).toString();
                r.fromCommitTS = null;
            }
            case RECOVERING_UNCREATED -> recovering(s, r);
            case RECOVERING -> {
                recovering(s, r);
                r.jobCreatedAt = NOW.minusSeconds(20).toString();
            }
            case BACKOFF, BACKOFF_DUE -> {
                recovering(s, r);
                r.jobCreatedAt = NOW.minusSeconds(20).toString();
                r.lastExitCode = 75;
                r.retryAt = (h == History.BACKOFF ? NOW.plusSeconds(60) : NOW.minusSeconds(1)).toString();
            }
            case RECOVERED, NOTHING_TO_RECOVER, FAILED -> {
                recovering(s, r);
                r.jobCreatedAt = NOW.minusSeconds(20).toString();
                r.finishedAt = NOW.minusSeconds(10).toString();
                s.phase = h == History.RECOVERED ? Phase.Recovered : h == History.FAILED ? Phase.RecoveryFailed
                        : Phase.PDUnreachable;
            }
            default -> throw new IllegalStateException(h.name());
        }
        return s;
    }

    private static void recovering(DrainerStatus s, RecoveryStatus r) {
        s.phase = Phase.Recovering;
        r.fencedAt = NOW.minusSeconds(40).toString();
        r.jobName = CURRENT_JOB;
    }

    private static PdStatus previousPd(Pd pd) {
        PdStatus p = new PdStatus();
        switch (pd) {
            case UNKNOWN -> {
                return null;
            }
            case UP, UP_OTHER_CLUSTER -> {
                p.reachable = true;
                p.consecutiveFailures = 0;
                p.since = NOW.minusSeconds(30).toString();
            }
            case DOWN_SHORT -> {
                p.reachable = false;
                p.consecutiveFailures = 1;
                p.since = NOW.minusSeconds(10).toString();
            }
            case DOWN_LONG -> {
                p.reachable = false;
                p.consecutiveFailures = 9;
                p.since = NOW.minus(Duration.ofMinutes(10)).toString();
            }
        }
        return p;
    }

    static Observation observation(Drainer d, Case k) {
        Optional<PdProbeResult> probe = switch (k.pd) {
            case UNKNOWN -> Optional.empty();
            case UP -> Optional.of(PdProbeResult.up("7"));
            case UP_OTHER_CLUSTER -> Optional.of(PdProbeResult.up("8"));
            case DOWN_SHORT, DOWN_LONG -> Optional.of(PdProbeResult.down("pd:2379: connection refused"));
        };
        Optional<CheckpointReading> cp = switch (k.cp) {
            case NOT_READ -> Optional.empty();
            case ABSENT -> Optional.of(CheckpointReading.absent());
            case CONSISTENT -> Optional.of(CheckpointReading.found(CONSISTENT_TS, true));
            case INCONSISTENT -> Optional.of(CheckpointReading.found(INCONSISTENT_TS, false));
            case FAILED -> Optional.of(CheckpointReading.failed("db:3306: connection refused"));
        };
        Optional<Pod> pod = Optional.empty();
        List<Job> jobs = new ArrayList<>();
        List<Pod> jobPods = new ArrayList<>();
        switch (k.work) {
            case NONE -> { }
            case POD_RUNNING -> pod = Optional.of(Workload.drainerPod(NAME, false));
            case POD_TERMINATING -> pod = Optional.of(Workload.drainerPod(NAME, true));
            case JOB_ACTIVE -> {
                jobs.add(Workload.activeJob(CURRENT_JOB));
                jobPods.add(Workload.jobPod(NAME, CURRENT_JOB, null));
            }
            case JOB_EXIT_0, JOB_EXIT_75, JOB_EXIT_1, JOB_EXIT_3 -> {
                int exit = Integer.parseInt(k.work.name().substring("JOB_EXIT_".length()));
                jobs.add(Workload.finishedJob(CURRENT_JOB, exit));
                jobPods.add(Workload.jobPod(NAME, CURRENT_JOB, exit));
            }
            case JOB_DEADLINE -> jobs.add(Workload.deadlineJob(CURRENT_JOB));
            case OLD_JOB_RUNNING -> {
                jobs.add(Workload.activeJob(OLD_JOB));
                jobPods.add(Workload.jobPod(NAME, OLD_JOB, null));
            }
        }
        StatefulSet sts = Workload.statefulSet(NAME, k.stsReplicas, pod.isPresent() ? 1 : 0);
        return new Observation(d, Fixtures.violations(d), Optional.of("secret-hash"), Optional.of(sts), probe, cp, List.of(), NOW,
                Duration.ofMinutes(2), new Workloads(pod, jobs, jobPods,
                Optional.of("drainer recover: relay file 3 corrupt at offset 17")));
    }
}
