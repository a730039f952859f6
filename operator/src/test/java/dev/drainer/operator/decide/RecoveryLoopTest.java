package dev.drainer.operator.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.operator.Fixtures;
import dev.drainer.operator.Workload;
import dev.drainer.operator.api.AfterRecovery;
import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerState;
import dev.drainer.operator.api.Phase;
import dev.drainer.operator.observe.CheckpointReading;
import dev.drainer.operator.observe.PdProbeResult;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The reconcile loop over a model cluster: each round observes, decides, then acts in the reconciler's order
 * (status, objects, Job actions), and small fake controllers move the pod and the Jobs. A crash drops the rest of
 * a round; the next round starts from what was persisted, as a restarted operator does.
 */
class RecoveryLoopTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final long TS = 1000;

    /** Where a round stops when the operator crashes. */
    enum Crash { AFTER_STATUS, AFTER_OBJECTS, AFTER_ACTIONS }

    /** The model cluster and downstream. */
    static final class World {
        final Drainer drainer = Fixtures.drainer("ns", "d");
        Instant now = T0;
        boolean pdUp = true;
        String pdCluster = "7";
        int replicas = 1;
        Pod pod = Workload.drainerPod("d", false);
        boolean podStuck;
        final Map<String, Job> jobs = new LinkedHashMap<>();
        final Map<String, Pod> jobPods = new LinkedHashMap<>();
        final List<Integer> exitCodes = new ArrayList<>();
        long commitTs = TS;
        boolean consistent;
        final List<String> created = new ArrayList<>();
        final List<Phase> phases = new ArrayList<>();
        final List<EventNote> events = new ArrayList<>();
        int maxReplicasWithWriter;

        World() {
            drainer.getSpec().recovery.pdUnreachableThreshold = "30s";
            drainer.getSpec().recovery.backoff = "20s";
        }

        Observation observe() {
            Optional<PdProbeResult> pd = Optional.of(pdUp ? PdProbeResult.up(pdCluster)
                    : PdProbeResult.down("pd:2379: deadline exceeded"));
            return new Observation(drainer, Fixtures.violations(drainer), Optional.of("h"), Optional.of(Workload.statefulSet("d", replicas,
                    pod == null ? 0 : 1)), pd, Optional.of(CheckpointReading.found(commitTs, consistent)), List.of(),
                    now, Duration.ofMinutes(2), new Workloads(Optional.ofNullable(pod), List.copyOf(jobs.values()),
                    List.copyOf(jobPods.values()), Optional.of("recover: fatal")));
        }

        /** One reconcile, cut short at {@code crash} (null: complete), then the controllers and the clock move. */
        void round(Crash crash) {
            Decision d = DrainerPlanner.decide(observe());
            drainer.setStatus(d.status());
            phases.add(d.status().phase);
            if (crash != Crash.AFTER_STATUS) {
                replicas = d.desired().orElseThrow().statefulSet().getSpec().getReplicas();
                if (crash != Crash.AFTER_OBJECTS) {
                    d.createJob().ifPresent(j -> {
                        // The API server would answer 409; the planner must not even ask.
                        assertTrue(!jobs.containsKey(j.getMetadata().getName()), "second create of "
                                + j.getMetadata().getName());
                        jobs.put(j.getMetadata().getName(), Workload.activeJob(j.getMetadata().getName()));
                        created.add(j.getMetadata().getName());
                    });
                    d.deleteJobs().forEach(name -> jobs.put(name, Workload.deadlineJob(name)));
                    d.forceDeletePod().ifPresent(p -> pod = null);
                    if (crash == null) {
                        events.addAll(d.events());
                    }
                }
            }
            controllers();
            now = now.plusSeconds(10);
        }

        /** The StatefulSet and Job controllers, and {@code drainer recover} as far as the downstream sees it. */
        private void controllers() {
            boolean writer = jobPods.values().stream().anyMatch(p -> "Running".equals(p.getStatus().getPhase()));
            if (writer) {
                maxReplicasWithWriter = Math.max(maxReplicasWithWriter, replicas);
            }
            if (replicas == 0 && pod != null && !podStuck) {
                pod = pod.getMetadata().getDeletionTimestamp() == null ? Workload.drainerPod("d", true) : null;
            } else if (replicas == 1 && pod == null) {
                pod = Workload.drainerPod("d", false);
            }
            for (Map.Entry<String, Job> e : jobs.entrySet()) {
                String name = e.getKey();
                if (!RecoveryPlanner.finished(e.getValue())) {
                    if (!jobPods.containsKey(name)) {
                        jobPods.put(name, Workload.jobPod("d", name, null));
                    } else {
                        int exit = exitCodes.isEmpty() ? 0 : exitCodes.remove(0);
                        if (exit == 0) {
                            consistent = true;
                            commitTs = TS + 50;
                        }
                        e.setValue(Workload.finishedJob(name, exit));
                        jobPods.put(name, Workload.jobPod("d", name, exit));
                    }
                } else if ("Running".equals(jobPods.getOrDefault(name, Workload.jobPod("d", name, 1)).getStatus()
                        .getPhase())) {
                    // A deleted Job's pod is killed.
                    jobPods.put(name, Workload.jobPod("d", name, 143));
                }
            }
        }

        Phase phase() {
            return drainer.getStatus().phase;
        }

        void runUntil(Phase target, int maxRounds) {
            for (int i = 0; i < maxRounds && phase() != target; i++) {
                round(null);
            }
            assertEquals(target, phase(), "phases: " + phases);
        }

        Condition condition(String type) {
            return Conditions.find(drainer.getStatus().conditions, type).orElseThrow();
        }
    }

    /** A drainer running with consistent=false, then PD lost; {@code crashAt} rounds in, one crash. */
    private static World lostUpstream(int crashRound, Crash crash) {
        World w = new World();
        w.round(null);
        w.pdUp = false;
        for (int i = 0; i < 30 && w.phase() != Phase.Recovered; i++) {
            w.round(i == crashRound ? crash : null);
        }
        return w;
    }

    @Test
    void aLostUpstreamEndsRecoveredOnceWhereverTheOperatorCrashes() {
        World clean = lostUpstream(-1, null);
        assertEquals(Phase.Recovered, clean.phase());
        int rounds = clean.phases.size();
        for (int round = 0; round < rounds; round++) {
            for (Crash crash : Crash.values()) {
                World w = lostUpstream(round, crash);
                String where = "crash " + crash + " in round " + round + ", phases " + w.phases;
                assertEquals(Phase.Recovered, w.phase(), where);
                assertEquals(List.of("d-recover-1"), w.created, "exactly one Job: " + where);
                assertEquals(1, w.drainer.getStatus().recovery.attempt, where);
                assertEquals(1, countEntries(w.phases, Phase.Fencing), "the fence is entered once: " + where);
                assertEquals(0, w.maxReplicasWithWriter, "a drainer pod ran beside the Job: " + where);
                assertEquals(TS, w.drainer.getStatus().recovery.fromCommitTS);
                assertEquals(TS + 50, w.drainer.getStatus().recovery.toCommitTS);
                assertEquals(0, w.replicas, where);
            }
        }
        assertTrue(clean.events.stream().anyMatch(e -> e.reason().equals("PhaseFencing")
                && e.message().contains("PD unreachable beyond 30s")), clean.events.toString());
        assertTrue(clean.events.stream().anyMatch(e -> e.reason().equals("PhaseRecovered")
                && e.message().contains("safe to promote at ts " + (TS + 50))), clean.events.toString());
    }

    private static int countEntries(List<Phase> phases, Phase p) {
        int n = 0;
        for (int i = 0; i < phases.size(); i++) {
            if (phases.get(i) == p && (i == 0 || phases.get(i - 1) != p)) {
                n++;
            }
        }
        return n;
    }

    @Test
    void retryableFailuresBackOffAndRetryUpToMaxAttemptsThenFail() {
        World w = new World();
        w.exitCodes.addAll(List.of(75, 0));
        w.round(null);
        w.pdUp = false;
        w.runUntil(Phase.Recovered, 40);
        assertEquals(List.of("d-recover-1", "d-recover-2"), w.created);
        assertEquals(2, w.drainer.getStatus().recovery.attempt);
        assertTrue(w.events.stream().anyMatch(e -> e.reason().equals("RecoveryRetry")), w.events.toString());

        World give = new World();
        give.exitCodes.addAll(List.of(75, 75, 75, 0));
        give.round(null);
        give.pdUp = false;
        give.runUntil(Phase.RecoveryFailed, 60);
        assertEquals(List.of("d-recover-1", "d-recover-2", "d-recover-3"), give.created);
        assertTrue(give.drainer.getStatus().recovery.message.contains("gave up after 3 attempt(s)"),
                give.drainer.getStatus().recovery.message);
        for (int i = 0; i < 5; i++) {
            give.round(null);
        }
        assertEquals(3, give.created.size(), "RecoveryFailed runs no further Job");

        give.drainer.getSpec().recovery.nonce = "retry";
        give.exitCodes.clear();
        give.runUntil(Phase.Recovered, 20);
        assertEquals("d-recover-4", give.created.get(3), "a nonce change retries with the next attempt number");
        assertEquals(4, give.drainer.getStatus().recovery.firstAttempt);
    }

    @Test
    void aFatalExitFailsAtOnceWithTheLogTail() {
        World w = new World();
        w.exitCodes.add(1);
        w.round(null);
        w.pdUp = false;
        w.runUntil(Phase.RecoveryFailed, 30);
        assertEquals(List.of("d-recover-1"), w.created);
        assertEquals(1, w.drainer.getStatus().recovery.lastExitCode);
        assertTrue(w.events.stream().anyMatch(e -> e.reason().equals("RecoveryJobFailed")
                && e.message().endsWith("log tail:\nrecover: fatal")), w.events.toString());
    }

    @Test
    void aStuckPodBlocksWithInstructionsOrIsForceDeletedWhenAllowed() {
        World w = new World();
        w.round(null);
        w.podStuck = true;
        w.pdUp = false;
        w.runUntil(Phase.RecoveryBlocked, 60);
        assertTrue(w.created.isEmpty());
        String blocked = w.events.stream().filter(e -> e.reason().equals("PhaseRecoveryBlocked")).findFirst()
                .orElseThrow().message();
        assertTrue(blocked.contains("kubectl delete pod d-0 -n ns --grace-period=0 --force")
                && blocked.contains("on node node-a") && blocked.contains("forceDeleteStuckPod"), blocked);
        for (int i = 0; i < 3; i++) {
            w.round(null);
        }
        assertEquals(Phase.RecoveryBlocked, w.phase());
        w.pod = null;
        w.runUntil(Phase.Recovered, 20);
        assertEquals(List.of("d-recover-1"), w.created);

        World force = new World();
        force.drainer.getSpec().recovery.forceDeleteStuckPod = true;
        force.round(null);
        force.podStuck = true;
        force.pdUp = false;
        force.runUntil(Phase.Recovered, 80);
        assertTrue(force.events.stream().anyMatch(e -> e.reason().equals("ForceDeletingPod")));
        assertTrue(force.phases.stream().noneMatch(p -> p == Phase.RecoveryBlocked));
    }

    @Test
    void stopDuringRecoveringDeletesTheJobAndStartWaitsForItsPod() {
        World w = new World();
        w.round(null);
        w.pdUp = false;
        for (int i = 0; i < 30 && w.jobPods.isEmpty(); i++) {
            w.round(null);
        }
        assertEquals(Phase.Recovering, w.phase());
        w.exitCodes.add(0);
        w.drainer.getSpec().state = DrainerState.STOPPED;
        w.round(null);
        assertEquals(Phase.Stopped, w.phase());
        assertTrue(w.drainer.getStatus().recovery.message.startsWith("interrupted by state: stopped during"
                + " Recovering; deleted Job d-recover-1"), w.drainer.getStatus().recovery.message);
        assertTrue(w.events.stream().anyMatch(e -> e.reason().equals("RecoveryInterrupted")));
        w.pdUp = true;
        w.drainer.getSpec().state = DrainerState.RUNNING;
        w.runUntil(Phase.Running, 10);
        assertEquals(0, w.maxReplicasWithWriter);
        assertEquals(List.of("d-recover-1"), w.created);
    }

    @Test
    void pdBackHoldsByDefaultResumesWhenAskedAndRefusesAnotherCluster() {
        World w = new World();
        w.round(null);
        w.pdUp = false;
        w.runUntil(Phase.Recovered, 30);
        w.pdUp = true;
        w.round(null);
        w.round(null);
        assertEquals(Phase.Recovered, w.phase());
        assertEquals(0, w.replicas);
        assertEquals("Hold", w.condition("Recovery").getReason());
        assertTrue(w.condition("Recovery").getMessage().contains("set spec.recovery.afterRecovery: Resume"));

        w.pdCluster = "8";
        w.drainer.getSpec().recovery.afterRecovery = AfterRecovery.RESUME;
        w.round(null);
        assertEquals(Phase.Recovered, w.phase());
        assertEquals("ClusterIDMismatch", w.condition("Recovery").getReason());
        assertEquals("7", w.drainer.getStatus().clusterID, "the recovered cluster id is kept");
        assertTrue(w.events.stream().anyMatch(e -> e.reason().equals("ClusterIDMismatch")));

        w.pdCluster = "7";
        w.runUntil(Phase.Running, 5);
        assertTrue(w.events.stream().anyMatch(e -> e.reason().equals("Resumed")));
        assertEquals(1, w.replicas);
    }

    @Test
    void aConsistentCheckpointAfterTheFenceIsNothingToRecover() {
        World w = new World();
        w.drainer.getSpec().recovery.nonce = "a";
        w.round(null);
        w.consistent = true;
        w.drainer.getSpec().recovery.nonce = "b";
        w.runUntil(Phase.PDUnreachable, 10);
        assertTrue(w.created.isEmpty());
        assertTrue(w.drainer.getStatus().recovery.message.contains("nothing to recover: consistent at ts " + TS),
                w.drainer.getStatus().recovery.message);
        assertEquals("Nonce", w.drainer.getStatus().recovery.trigger);
    }
}
