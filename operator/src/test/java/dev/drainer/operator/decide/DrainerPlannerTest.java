package dev.drainer.operator.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.operator.Fixtures;
import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerState;
import dev.drainer.operator.api.DrainerStatus;
import dev.drainer.operator.api.Phase;
import dev.drainer.operator.api.SeparateCheckpointDatabase;
import dev.drainer.operator.observe.CheckpointReading;
import dev.drainer.operator.observe.PdProbeResult;
import dev.drainer.operator.observe.Tso;
import dev.drainer.operator.render.Labels;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The decision function alone: no Kubernetes, PD or database. */
class DrainerPlannerTest {
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration STALL = Duration.ofMinutes(2);

    private static Observation obs(Drainer d, Instant now, Optional<StatefulSet> sts, Optional<PdProbeResult> pd,
                                   Optional<CheckpointReading> cp, List<Drainer> others) {
        return new Observation(d, Fixtures.violations(d), Optional.of("secret-hash"), sts, pd, cp, others, now, STALL, Workloads.none());
    }

    private static Observation obs(Drainer d, Instant now) {
        return obs(d, now, Optional.empty(), Optional.empty(), Optional.empty(), List.of());
    }

    private static Optional<StatefulSet> readyPod() {
        return Optional.of(new StatefulSetBuilder().withNewStatus().withReadyReplicas(1).endStatus().build());
    }

    /** Applies a decision's status as the API server would, for the next round. */
    private static Drainer after(Drainer d, Decision decision) {
        d.setStatus(decision.status());
        return d;
    }

    private static Condition condition(DrainerStatus s, String type) {
        return Conditions.find(s.conditions, type).orElseThrow();
    }

    @Test
    void aValidSpecYieldsEveryObjectAndRemembersItself() {
        Decision d = DrainerPlanner.decide(obs(Fixtures.drainer("ns", "a"), T0));
        assertTrue(d.desired().isPresent());
        assertTrue(d.desired().get().relayClaim().isPresent());
        assertEquals(1, d.desired().get().statefulSet().getSpec().getReplicas());
        assertEquals(Phase.Pending, d.status().phase);
        assertEquals(1L, d.status().observedGeneration);
        assertTrue(d.status().lastValidSpec.contains("\"host\":\"db\""), d.status().lastValidSpec);
        assertEquals("False", condition(d.status(), "InvalidSpec").getStatus());
        assertEquals("PodNotReady", condition(d.status(), "Ready").getReason());
    }

    @Test
    void anInvalidSpecWithoutHistoryCreatesNothingAndNamesTheField() {
        Drainer a = Fixtures.drainer("ns", "a");
        a.getSpec().downstream.port = 0;
        a.getSpec().checkpoint.database = new SeparateCheckpointDatabase();
        Decision d = DrainerPlanner.decide(obs(a, T0));
        assertTrue(d.desired().isEmpty());
        assertEquals(Phase.Invalid, d.status().phase);
        Condition invalid = condition(d.status(), "InvalidSpec");
        assertEquals("True", invalid.getStatus());
        assertTrue(invalid.getMessage().startsWith("spec.downstream.port: must be from 1 to 65535, found 0; "
                + "spec.checkpoint.database: a checkpoint database separate from the downstream is not supported"),
                invalid.getMessage());
        assertTrue(invalid.getMessage().endsWith("(nothing was created)"));
        assertTrue(d.events().stream().anyMatch(e -> e.type().equals("Warning") && e.reason().equals("InvalidSpec")));
    }

    @Test
    void theLastValidSpecKeepsRunningButStopStillApplies() {
        Drainer a = Fixtures.drainer("ns", "a");
        Decision first = DrainerPlanner.decide(obs(a, T0));
        String image = first.desired().orElseThrow().statefulSet().getSpec().getTemplate().getSpec().getContainers()
                .get(0).getImage();
        after(a, first);
        a.getSpec().image = "other:1";
        a.getSpec().syncer.workerCount = -1;
        Decision invalid = DrainerPlanner.decide(obs(a, T0.plusSeconds(1)));
        assertEquals(image, invalid.desired().orElseThrow().statefulSet().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getImage(), "the invalid spec's image must not roll out");
        assertEquals(first.status().lastValidSpec, invalid.status().lastValidSpec);
        assertTrue(condition(invalid.status(), "InvalidSpec").getMessage().contains("spec.syncer.workerCount"));
        assertEquals(Phase.Pending, invalid.status().phase);

        a.getSpec().state = DrainerState.STOPPED;
        Decision stopped = DrainerPlanner.decide(obs(after(a, invalid), T0.plusSeconds(2)));
        assertEquals(0, stopped.desired().orElseThrow().statefulSet().getSpec().getReplicas());
        assertEquals(Phase.Stopped, stopped.status().phase);
    }

    @Test
    void specAndSecretChangesChangeThePodTemplateHashes() {
        Drainer a = Fixtures.drainer("ns", "a");
        var before = DrainerPlanner.decide(obs(a, T0)).desired().orElseThrow().statefulSet().getSpec().getTemplate()
                .getMetadata().getAnnotations();
        a.getSpec().syncer.txnBatch = 99;
        var afterSpec = DrainerPlanner.decide(obs(a, T0)).desired().orElseThrow().statefulSet().getSpec()
                .getTemplate().getMetadata().getAnnotations();
        assertNotEquals(before.get(Labels.CONFIG_HASH), afterSpec.get(Labels.CONFIG_HASH));
        var afterSecret = DrainerPlanner.decide(new Observation(a, Fixtures.violations(a), Optional.of("other"), Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), T0, STALL, Workloads.none())).desired().orElseThrow().statefulSet()
                .getSpec().getTemplate().getMetadata().getAnnotations();
        assertEquals(afterSpec.get(Labels.CONFIG_HASH), afterSecret.get(Labels.CONFIG_HASH));
        assertEquals("other", afterSecret.get(Labels.SECRET_HASH));
    }

    @Test
    void aMissingSecretChangesNothing() {
        Drainer a = Fixtures.drainer("ns", "a");
        Decision d = DrainerPlanner.decide(new Observation(a, Fixtures.violations(a), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(), T0, STALL, Workloads.none()));
        assertTrue(d.desired().isEmpty());
        assertEquals("SecretNotFound", condition(d.status(), "Ready").getReason());
    }

    @Test
    void pdReachabilityIsCountedAndTransitionsAreEvents() {
        Drainer a = Fixtures.drainer("ns", "a");
        Decision up = DrainerPlanner.decide(obs(a, T0, Optional.empty(), Optional.of(PdProbeResult.up("7")),
                Optional.empty(), List.of()));
        assertEquals("7", up.status().clusterID);
        assertEquals(true, up.status().pd.reachable);
        assertEquals(0, up.status().pd.consecutiveFailures);
        assertEquals(T0.toString(), up.status().pd.since);
        assertEquals(T0.toString(), up.status().pd.lastProbeTime);
        after(a, up);
        Decision down1 = DrainerPlanner.decide(obs(a, T0.plusSeconds(10), Optional.empty(),
                Optional.of(PdProbeResult.down("pd:2379: connection refused")), Optional.empty(), List.of()));
        after(a, down1);
        Decision down2 = DrainerPlanner.decide(obs(a, T0.plusSeconds(20), Optional.empty(),
                Optional.of(PdProbeResult.down("pd:2379: connection refused")), Optional.empty(), List.of()));
        assertEquals(2, down2.status().pd.consecutiveFailures);
        assertEquals(T0.plusSeconds(10).toString(), down2.status().pd.since);
        assertEquals(T0.plusSeconds(20).toString(), down2.status().pd.lastProbeTime);
        assertEquals("pd:2379: connection refused", down2.status().pd.error);
        assertEquals("7", down2.status().clusterID, "the cluster id survives PD going away");
        assertEquals("False", condition(down2.status(), "PDReachable").getStatus());
        assertEquals(T0.plusSeconds(10).toString(), condition(down2.status(), "PDReachable").getLastTransitionTime());
        assertTrue(down1.events().stream().anyMatch(e -> e.reason().equals("Unreachable") && e.type().equals("Warning")));
        assertTrue(down2.events().isEmpty(), "no new transition, no event: " + down2.events());
        Decision skipped = DrainerPlanner.decide(obs(after(a, down2), T0.plusSeconds(21)));
        assertEquals(down2.status().pd, skipped.status().pd, "a throttled round keeps the last probe");
    }

    @Test
    void checkpointTimeIsThePhysicalPartOfTheTso() {
        long ts = Tso.of(Instant.parse("2026-02-28T23:59:59.123Z")) + 5;
        Decision d = DrainerPlanner.decide(obs(Fixtures.drainer("ns", "a"), T0, Optional.empty(), Optional.empty(),
                Optional.of(CheckpointReading.found(ts, true)), List.of()));
        assertEquals(ts, d.status().checkpoint.commitTS);
        assertEquals("2026-02-28T23:59:59.123Z", d.status().checkpoint.commitTime);
        assertEquals(true, d.status().checkpoint.consistent);
        assertEquals(T0.toString(), d.status().checkpoint.observedAt);
        assertEquals("True", condition(d.status(), "CheckpointConsistent").getStatus());
    }

    @Test
    void readyTurnsFalseWhenTheCheckpointStallsWhileThePodRuns() {
        Drainer a = Fixtures.drainer("ns", "a");
        long ts = Tso.of(T0);
        Decision running = DrainerPlanner.decide(obs(a, T0, readyPod(), Optional.empty(),
                Optional.of(CheckpointReading.found(ts, false)), List.of()));
        assertEquals(Phase.Running, running.status().phase);
        assertEquals("True", condition(running.status(), "Ready").getStatus());
        after(a, running);
        Decision advancing = DrainerPlanner.decide(obs(a, T0.plusSeconds(100), readyPod(), Optional.empty(),
                Optional.of(CheckpointReading.found(ts + 1, false)), List.of()));
        assertEquals(Phase.Running, advancing.status().phase);
        after(a, advancing);
        Decision stillWithin = DrainerPlanner.decide(obs(a, T0.plusSeconds(219), readyPod(), Optional.empty(),
                Optional.of(CheckpointReading.found(ts + 1, false)), List.of()));
        assertEquals(Phase.Running, stillWithin.status().phase);
        after(a, stillWithin);
        Decision stalled = DrainerPlanner.decide(obs(a, T0.plusSeconds(221), readyPod(), Optional.empty(),
                Optional.of(CheckpointReading.found(ts + 1, false)), List.of()));
        assertEquals(Phase.Stalled, stalled.status().phase);
        assertEquals("CheckpointStalled", condition(stalled.status(), "Ready").getReason());
        assertTrue(stalled.events().stream().anyMatch(e -> e.reason().equals("PhaseStalled")));
    }

    @Test
    void theStallClockRestartsWhenThePodBecomesReady() {
        Drainer a = Fixtures.drainer("ns", "a");
        long ts = Tso.of(T0);
        after(a, DrainerPlanner.decide(obs(a, T0, Optional.empty(), Optional.empty(),
                Optional.of(CheckpointReading.found(ts, true)), List.of())));
        Decision notReady = DrainerPlanner.decide(obs(a, T0.plusSeconds(600)));
        after(a, notReady);
        Decision ready = DrainerPlanner.decide(obs(a, T0.plusSeconds(610), readyPod(), Optional.empty(),
                Optional.empty(), List.of()));
        assertEquals(Phase.Running, ready.status().phase);
    }

    @Test
    void oneDrainerPerCheckpointRowTheOlderWins() {
        Drainer older = Fixtures.drainer("ns", "a");
        Drainer newer = Fixtures.drainer("ns", "b");
        newer.getMetadata().setCreationTimestamp("2026-01-02T00:00:00Z");
        Decision loser = DrainerPlanner.decide(obs(newer, T0, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(older, newer)));
        assertTrue(loser.desired().isEmpty());
        Condition c = condition(loser.status(), "InvalidSpec");
        assertEquals("CheckpointRowInUse", c.getReason());
        assertTrue(c.getMessage().contains("the checkpoint row db:3306 tidb_binlog.checkpoint of cluster at"
                + " http://pd:2379 is already used by Drainer ns/a"), c.getMessage());
        assertTrue(DrainerPlanner.decide(obs(older, T0, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(older, newer))).desired().isPresent());

        newer.getSpec().checkpoint.table = "checkpoint2";
        assertTrue(DrainerPlanner.decide(obs(newer, T0, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(older, newer))).desired().isPresent(), "another table is another row");
        newer.getSpec().checkpoint.table = "checkpoint";
        older.setStatus(new DrainerStatus());
        older.getStatus().clusterID = "1";
        newer.setStatus(new DrainerStatus());
        newer.getStatus().clusterID = "2";
        assertTrue(DrainerPlanner.decide(obs(newer, T0, Optional.empty(), Optional.empty(), Optional.empty(),
                List.of(older, newer))).desired().isPresent(), "another cluster is another row");
    }

    @Test
    void repeatingARoundChangesNothing() {
        Drainer a = Fixtures.drainer("ns", "a");
        Decision first = DrainerPlanner.decide(obs(a, T0, readyPod(), Optional.empty(), Optional.empty(), List.of()));
        Decision second = DrainerPlanner.decide(obs(after(a, first), T0.plusSeconds(5), readyPod(), Optional.empty(),
                Optional.empty(), List.of()));
        assertEquals(first.status(), second.status());
        assertTrue(second.events().isEmpty());
        assertNull(second.status().checkpoint);
        assertFalse(first.events().isEmpty());
    }
}
