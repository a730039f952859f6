package dev.drainer.operator.control;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.checkpoint.MysqlEndpoint;
import dev.drainer.operator.Fixtures;
import dev.drainer.operator.api.AfterRecovery;
import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerState;
import dev.drainer.operator.api.Phase;
import dev.drainer.operator.api.RecoveryStatus;
import dev.drainer.operator.api.TlsSpec;
import dev.drainer.operator.observe.Tso;
import dev.drainer.operator.rbac.ApiRequestLog;
import dev.drainer.operator.rbac.RbacRulesFile;
import dev.drainer.operator.rbac.RbacTriple;
import dev.drainer.operator.render.Labels;
import dev.drainer.sim.SimulatedPd;
import dev.drainer.testkit.db.MariaDb;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole recovery on the operator as it runs in Quarkus: the fabric8 CRUD mock API server with fake StatefulSet
 * and Job controllers ({@link FakeControllers}), a simulated PD per scenario that the test stops and restarts, and
 * the real checkpoint row in MariaDB. The last test turns every request the operator sent during the scenarios into
 * RBAC rules and compares them with the chart's {@code rbac-rules.yaml}.
 */
@QuarkusTest
@TestProfile(RecoveryProfile.class)
@WithKubernetesTestServer(crud = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecoverySequenceTest {
    private static final String NS = "test";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final long TS = Tso.of(Instant.parse("2026-05-01T12:00:00Z")) + 7;
    private static final long RECOVERED_TS = TS + (1000L << 18);
    private static final String SSA = "production writes owned objects with server-side apply (a PATCH, which the"
            + " API server also authorizes as create when the object does not exist, kubernetes/kubernetes#64892);"
            + " the mock server has no server-side apply, so the test profile writes with create and update";
    /**
     * Rules that no request on the mock server shows (the prod profile's) or not in every run (a conflict's), each
     * with its reason; they are written into rbac-rules.yaml with the measured ones.
     */
    static final List<ProdRule> PROD_ONLY = List.of(
            new ProdRule("", "configmaps", List.of("create", "patch"), SSA),
            new ProdRule("", "services", List.of("create", "patch"), SSA),
            new ProdRule("apps", "statefulsets", List.of("create", "patch"), SSA),
            new ProdRule("coordination.k8s.io", "leases", List.of("create", "get", "patch", "update"), "leader"
                    + " election, on in the prod profile only (quarkus.operator-sdk.activate-leader-election-for-profiles):"
                    + " JOSDK 5.2's LeaderElectionManager checks for create, get and update before it starts, and"
                    + " fabric8 7.4's LeaseLock creates, reads and renews the Lease with a JSON merge patch;"
                    + " LeaderElectionTest measures both"),
            new ProdRule(Drainer.GROUP, "drainers/finalizers", List.of("update"), "owned objects carry owner"
                    + " references with blockOwnerDeletion: true, which the OwnerReferencesPermissionEnforcement"
                    + " admission plugin (on in OpenShift) allows only with update on the owner's finalizers; the mock"
                    + " server does not enforce it"),
            new ProdRule(Drainer.GROUP, "drainers", List.of("get"), "JOSDK re-reads the Drainer when patching its"
                    + " finalizer conflicts (409); whether a run meets such a conflict depends on timing"));

    /** Verbs on one resource that production needs beyond the measurement, and why. */
    record ProdRule(String apiGroup, String resource, List<String> verbs, String reason) {
        List<RbacTriple> triples() {
            return verbs.stream().map(v -> new RbacTriple(apiGroup, resource, v)).toList();
        }
    }

    private static ApiRequestLog requests;
    private static FakeControllers controllers;
    private static KubernetesClient harness;
    private static Watch phaseWatch;
    private static final Map<String, List<Phase>> PHASES = new ConcurrentHashMap<>();
    private static final Map<String, List<String>> RETRY_AT = new ConcurrentHashMap<>();

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient operatorClient;

    @Inject
    MeterRegistry metrics;

    @BeforeEach
    void startHarness() {
        if (requests != null) {
            return;
        }
        requests = ApiRequestLog.start(server.getKubernetesMockServer());
        harness = new KubernetesClientBuilder().withConfig(new ConfigBuilder(operatorClient.getConfiguration())
                .withUserAgent(ApiRequestLog.HARNESS_AGENT).build()).build();
        controllers = new FakeControllers(harness, NS, requests);
        phaseWatch = harness.resources(Drainer.class).inNamespace(NS).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Drainer d) {
                if (d.getStatus() == null) {
                    return;
                }
                List<Phase> phases = PHASES.computeIfAbsent(d.getMetadata().getName(), n -> new CopyOnWriteArrayList<>());
                if (d.getStatus().phase != null && (phases.isEmpty() || phases.get(phases.size() - 1) != d.getStatus().phase)) {
                    phases.add(d.getStatus().phase);
                }
                Optional.ofNullable(d.getStatus().recovery).map(r -> r.retryAt).ifPresent(t -> RETRY_AT
                        .computeIfAbsent(d.getMetadata().getName(), n -> new CopyOnWriteArrayList<>()).add(t));
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    @AfterAll
    static void stopHarness() throws InterruptedException {
        if (requests == null) {
            return;
        }
        phaseWatch.close();
        controllers.close();
        requests.close();
        harness.close();
    }

    /** One Drainer with its own PD, checkpoint schema and controller behaviour. */
    private record Scenario(String name, SimulatedPd pd, CheckpointStore checkpoint, FakeControllers.Behaviour b) {
        String clusterId() {
            return Long.toUnsignedString(pd.clusterId());
        }
    }

    /**
     * A Drainer whose PD is given up after 1 s, with a 2 s backoff and a fence timeout that a pod the fake
     * controller deletes never reaches on a loaded machine; changed by {@code tweak}.
     */
    private Scenario start(String name, long clusterId, Consumer<Drainer> tweak) throws Exception {
        MariaDb db = MariaDb.shared();
        SimulatedPd pd = SimulatedPd.start(clusterId);
        CheckpointStore store = new CheckpointStore(new MysqlEndpoint(db.host(), db.port(), db.user(), db.password(),
                Duration.ofSeconds(5), Duration.ofSeconds(5), List.of()), "cp_" + name, "checkpoint");
        store.createIfMissing();
        FakeControllers.Behaviour b = controllers.behaviour(name);
        b.checkpoint = store;
        b.recoveredTs = RECOVERED_TS;
        Fixtures.createPasswordSecret(harness, NS, name, db.password());
        Drainer d = Fixtures.toCreate(NS, name, pd.endpoint(), db);
        d.getSpec().checkpoint.schema = "cp_" + name;
        d.getSpec().recovery.pdUnreachableThreshold = "1s";
        d.getSpec().recovery.fenceTimeout = "15s";
        d.getSpec().recovery.backoff = "2s";
        d.getSpec().recovery.maxBackoff = "4s";
        tweak.accept(d);
        harness.resource(d).create();
        return new Scenario(name, pd, store, b);
    }

    /** The drainer replicates: its pod is ready, and its checkpoint row says consistent=false (or true) at TS. */
    private void running(Scenario s, boolean consistent) throws Exception {
        s.checkpoint.save(s.pd.clusterId(), Checkpoint.at(TS, consistent));
        awaitPhase(s.name, Phase.Running);
    }

    /** Deletes the Drainer (PD up, so that its registry record can be marked offline) and stops its PD. */
    private void finish(Scenario s) throws Exception {
        try {
            s.pd.restart();
        } catch (IllegalStateException running) {
            // still up
        }
        harness.resources(Drainer.class).inNamespace(NS).withName(s.name).delete();
        await().atMost(WAIT).until(() -> get(s.name) == null);
        s.pd.close();
    }

    private Drainer get(String name) {
        return harness.resources(Drainer.class).inNamespace(NS).withName(name).get();
    }

    private StatefulSet sts(String name) {
        return harness.apps().statefulSets().inNamespace(NS).withName(name).get();
    }

    /** Waits until the Drainer is in {@code phase} and the phase watch has seen it too. */
    private void awaitPhase(String name, Phase phase) {
        await().atMost(WAIT).untilAsserted(() -> {
            Drainer d = get(name);
            List<Phase> seen = PHASES.getOrDefault(name, List.of());
            assertTrue(d != null && d.getStatus() != null && d.getStatus().phase == phase && !seen.isEmpty()
                    && seen.get(seen.size() - 1) == phase, () -> "waiting for " + phase + "; phases so far " + seen
                    + ", status " + (d == null ? null : JSON.asJson(d.getStatus())));
        });
    }

    /** The phases from the first Running on, as the Drainer's watch saw them. */
    private static List<Phase> phasesSinceRunning(String name) {
        List<Phase> all = PHASES.getOrDefault(name, List.of());
        int first = all.indexOf(Phase.Running);
        return first < 0 ? all : List.copyOf(all.subList(first, all.size()));
    }

    private void edit(String name, Consumer<Drainer> change) {
        Fixtures.edit(harness, NS, name, change, WAIT);
    }

    private List<Event> events(String name) {
        return harness.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName())).toList();
    }

    /** The first event of {@code reason} on the Drainer, waited for: events are recorded after the status. */
    private Event event(String name, String reason) {
        return await().atMost(WAIT).until(() -> events(name).stream().filter(e -> reason.equals(e.getReason()))
                .findFirst(), Optional::isPresent).orElseThrow();
    }

    private static Optional<Condition> condition(Drainer d, String type) {
        return d.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private String recoveryReason(String name) {
        Drainer d = get(name);
        return d == null || d.getStatus() == null ? null : condition(d, "Recovery").map(Condition::getReason).orElse(null);
    }

    /** Job creates the operator sent since {@code mark} (scenarios run one after the other). */
    private long jobCreates(int mark) {
        return requests.operatorSent("POST", "/apis/batch/v1/namespaces/" + NS + "/jobs", mark);
    }

    @Test
    @Order(1)
    void aLostUpstreamIsFencedRecoveredOnceThenHeldResumedOnlyOnTheSameCluster() throws Exception {
        int mark = requests.size();
        Scenario s = start("happy", 7_100_000_000_000_000_001L, d -> {
        });
        s.b.exits.add(0);
        running(s, false);
        assertEquals(1, sts("happy").getSpec().getReplicas());

        s.pd.stop();
        awaitPhase("happy", Phase.Recovered);
        assertEquals(List.of(Phase.Running, Phase.Fencing, Phase.Recovering, Phase.Recovered),
                phasesSinceRunning("happy"));
        RecoveryStatus r = get("happy").getStatus().recovery;
        assertEquals(1, r.attempt);
        assertEquals("PDUnreachable", r.trigger);
        assertEquals(TS, r.fromCommitTS);
        assertEquals(RECOVERED_TS, r.toCommitTS);
        assertEquals(0, r.lastExitCode);
        assertEquals("happy-recover-1", r.jobName);
        assertNotNull(r.fencedAt);
        assertTrue(r.message.endsWith("safe to promote at ts " + RECOVERED_TS), r.message);
        assertEquals(0, sts("happy").getSpec().getReplicas());
        assertTrue(s.checkpoint.load(s.pd.clusterId()).orElseThrow().consistent());

        assertEquals(List.of("happy-recover-1"), s.b.jobs);
        assertEquals(1, jobCreates(mark), "exactly one Job create was sent");
        printTimings(get("happy"));
        Job job = harness.batch().v1().jobs().inNamespace(NS).withName("happy-recover-1").get();
        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals(List.of("recover", "-config", "/etc/drainer/drainer.toml", "-cluster-id", s.clusterId()),
                job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs());

        for (String reason : List.of("PhaseRunning", "PhaseFencing", "Fenced", "RecoveryJobCreated", "PhaseRecovering",
                "PhaseRecovered")) {
            event("happy", reason);
        }
        assertTrue(event("happy", "PhaseFencing").getMessage().contains("PD unreachable beyond 1s"));
        assertTrue(event("happy", "PhaseRecovered").getMessage()
                .contains("safe to promote at ts " + RECOVERED_TS));
        await().atMost(WAIT).until(() -> metrics.find("drainer_operator_recoveries").tag("name", "happy")
                .tag("result", "Recovered").counter() != null);
        assertEquals(1.0, metrics.find("drainer_operator_recoveries").tag("name", "happy").tag("result", "Recovered")
                .counter().count());

        // PD answers again: Hold (the default) keeps the drainer stopped.
        s.pd.restart();
        await().atMost(WAIT).until(() -> "Hold".equals(recoveryReason("happy")));
        assertEquals(Phase.Recovered, get("happy").getStatus().phase);
        assertEquals(0, sts("happy").getSpec().getReplicas());

        // Resume, but PD is now another cluster: refused, the recovered cluster id is kept.
        try (SimulatedPd other = SimulatedPd.start(7_200_000_000_000_000_002L)) {
            edit("happy", d -> {
                d.getSpec().recovery.afterRecovery = AfterRecovery.RESUME;
                d.getSpec().pd.endpoints = List.of(other.endpoint());
            });
            await().atMost(WAIT).until(() -> "ClusterIDMismatch".equals(recoveryReason("happy")));
            assertEquals(s.clusterId(), get("happy").getStatus().clusterID);
            assertEquals(Phase.Recovered, get("happy").getStatus().phase);
            assertEquals(0, sts("happy").getSpec().getReplicas());
            event("happy", "ClusterIDMismatch");
        }

        edit("happy", d -> d.getSpec().pd.endpoints = List.of(s.pd.endpoint()));
        awaitPhase("happy", Phase.Running);
        assertEquals(1, sts("happy").getSpec().getReplicas());
        event("happy", "Resumed");
        assertEquals(List.of("happy-recover-1"), s.b.jobs, "no Job after the recovery");
        finish(s);
    }

    @Test
    @Order(2)
    void aConsistentRowAfterTheFenceIsNothingToRecoverAndHeldWhenPdIsBack() throws Exception {
        Scenario s = start("nothing", 7_100_000_000_000_000_003L, d -> {
        });
        running(s, true);
        s.pd.stop();
        awaitPhase("nothing", Phase.PDUnreachable);
        assertEquals(List.of(Phase.Running, Phase.Fencing, Phase.PDUnreachable), phasesSinceRunning("nothing"));
        RecoveryStatus r = get("nothing").getStatus().recovery;
        assertTrue(r.message.contains("nothing to recover: consistent at ts " + TS) && r.message.endsWith("safe to promote"),
                r.message);
        assertEquals(TS, r.fromCommitTS);
        assertEquals(TS, r.toCommitTS);
        assertTrue(s.b.jobs.isEmpty());
        assertTrue(event("nothing", "PhasePDUnreachable").getMessage().contains("safe to promote"));

        s.pd.restart();
        await().atMost(WAIT).until(() -> "Hold".equals(recoveryReason("nothing")));
        assertEquals(Phase.PDUnreachable, get("nothing").getStatus().phase);
        assertEquals(0, sts("nothing").getSpec().getReplicas());
        finish(s);
    }

    @Test
    @Order(3)
    void aRetryableFailureBacksOffThenTheNextAttemptRecovers() throws Exception {
        int mark = requests.size();
        Scenario s = start("retry", 7_100_000_000_000_000_004L, d -> {
        });
        s.b.exits.addAll(List.of(75, 0));
        running(s, false);
        s.pd.stop();
        awaitPhase("retry", Phase.Recovered);
        assertEquals(List.of(Phase.Running, Phase.Fencing, Phase.Recovering, Phase.Recovered),
                phasesSinceRunning("retry"));
        assertEquals(List.of("retry-recover-1", "retry-recover-2"), s.b.jobs);
        RecoveryStatus r = get("retry").getStatus().recovery;
        assertEquals(2, r.attempt);
        assertEquals(1, r.firstAttempt);
        assertEquals(RECOVERED_TS, r.toCommitTS);
        String retry = event("retry", "RecoveryRetry").getMessage();
        assertTrue(retry.contains("retry-recover-1 exited 75") && retry.contains("attempt 2 of 3"), retry);

        // The second Job waited for the backoff: it was created no earlier than the retryAt written before it.
        Instant retryAt = Instant.parse(RETRY_AT.get("retry").get(0));
        String created = harness.batch().v1().jobs().inNamespace(NS).withName("retry-recover-2").get().getMetadata()
                .getCreationTimestamp();
        assertFalse(Instant.parse(created).isBefore(retryAt.truncatedTo(ChronoUnit.SECONDS)),
                "Job 2 created at " + created + ", retryAt " + retryAt);
        assertEquals(2, jobCreates(mark), "two Job creates were sent");
        finish(s);
    }

    @Test
    @Order(4)
    void aFatalExitFailsAtOnceWithTheJobsLogTail() throws Exception {
        Scenario s = start("fatal", 7_100_000_000_000_000_005L, d -> {
        });
        s.b.exits.add(1);
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/fatal-recover-1-pod/log?pretty=false"
                + "&container=drainer&tailLines=20").andReturn(200, "recover: relay file binlog-0000000000000001"
                + " has a bad CRC at offset 4096\n").always();
        running(s, false);
        s.pd.stop();
        awaitPhase("fatal", Phase.RecoveryFailed);
        assertEquals(List.of(Phase.Running, Phase.Fencing, Phase.Recovering, Phase.RecoveryFailed),
                phasesSinceRunning("fatal"));
        assertEquals(List.of("fatal-recover-1"), s.b.jobs);
        RecoveryStatus r = get("fatal").getStatus().recovery;
        assertEquals(1, r.lastExitCode);
        assertNull(r.toCommitTS);
        String failed = event("fatal", "RecoveryJobFailed").getMessage();
        assertTrue(failed.contains("exited 1 (fatal)") && failed.endsWith("log tail:\nrecover: relay file"
                + " binlog-0000000000000001 has a bad CRC at offset 4096\n"), failed);
        assertFalse(s.checkpoint.load(s.pd.clusterId()).orElseThrow().consistent());
        assertEquals(0, sts("fatal").getSpec().getReplicas());
        finish(s);
    }

    @Test
    @Order(5)
    void aPodStuckOnALostNodeBlocksUntilItIsForceDeleted() throws Exception {
        Scenario s = start("blocked", 7_100_000_000_000_000_006L, d -> d.getSpec().recovery.fenceTimeout = "2s");
        s.b.lostNode = true;
        s.b.exits.add(0);
        running(s, false);
        s.pd.stop();
        awaitPhase("blocked", Phase.RecoveryBlocked);
        String blocked = event("blocked", "PhaseRecoveryBlocked").getMessage();
        assertTrue(blocked.contains("kubectl delete pod blocked-0 -n test --grace-period=0 --force")
                && blocked.contains("on node node-a") && blocked.contains("forceDeleteStuckPod"), blocked);
        assertNotNull(harness.pods().inNamespace(NS).withName("blocked-0").get().getMetadata().getDeletionTimestamp());
        await().pollDelay(Duration.ofSeconds(2)).atMost(WAIT).until(() -> true);
        assertEquals(Phase.RecoveryBlocked, get("blocked").getStatus().phase);
        assertTrue(s.b.jobs.isEmpty(), "no Job while the pod may still write");

        // The administrator makes sure the node is down and force-deletes the pod.
        harness.pods().inNamespace(NS).withName("blocked-0").edit(p -> {
            p.getMetadata().setFinalizers(List.of());
            return p;
        });
        awaitPhase("blocked", Phase.Recovered);
        // Back to Fencing first: the round that finds the pod gone records fencedAt, the next one reads.
        assertEquals(List.of(Phase.Running, Phase.Fencing, Phase.RecoveryBlocked, Phase.Fencing, Phase.Recovering,
                Phase.Recovered), phasesSinceRunning("blocked"));
        assertEquals(List.of("blocked-recover-1"), s.b.jobs);
        finish(s);
    }

    @Test
    @Order(6)
    void aStuckPodIsForceDeletedWhenOptedIn() throws Exception {
        Scenario s = start("force", 7_100_000_000_000_000_007L, d -> {
            d.getSpec().recovery.fenceTimeout = "2s";
            d.getSpec().recovery.forceDeleteStuckPod = true;
        });
        s.b.lostNode = true;
        s.b.exits.add(0);
        running(s, false);
        s.pd.stop();
        awaitPhase("force", Phase.Recovered);
        assertEquals(List.of(Phase.Running, Phase.Fencing, Phase.Recovering, Phase.Recovered),
                phasesSinceRunning("force"));
        assertTrue(event("force", "ForceDeletingPod").getMessage().contains("force-deleting it"));
        assertEquals(1, requests.operatorSent("DELETE", "/api/v1/namespaces/" + NS + "/pods/force-0", 0),
                "the operator force-deleted the pod once");
        assertEquals(List.of("force-recover-1"), s.b.jobs);
        finish(s);
    }

    @Test
    @Order(7)
    void stopDuringRecoveringDeletesTheJobAndRunningAgainWaitsForNothing() throws Exception {
        Scenario s = start("stop", 7_100_000_000_000_000_008L, d -> {
        });
        running(s, false);
        s.pd.stop();
        awaitPhase("stop", Phase.Recovering);
        await().atMost(WAIT).until(() -> harness.pods().inNamespace(NS).withName("stop-recover-1-pod").get() != null);

        edit("stop", d -> d.getSpec().state = DrainerState.STOPPED);
        awaitPhase("stop", Phase.Stopped);
        RecoveryStatus r = get("stop").getStatus().recovery;
        assertTrue(r.message.startsWith("interrupted by state: stopped during Recovering; deleted Job stop-recover-1"),
                r.message);
        event("stop", "RecoveryInterrupted");
        await().atMost(WAIT).until(() -> harness.batch().v1().jobs().inNamespace(NS).withName("stop-recover-1").get() == null
                && harness.pods().inNamespace(NS).withName("stop-recover-1-pod").get() == null);
        assertEquals(0, sts("stop").getSpec().getReplicas());

        s.pd.restart();
        edit("stop", d -> d.getSpec().state = DrainerState.RUNNING);
        awaitPhase("stop", Phase.Running);
        assertEquals(List.of("stop-recover-1"), s.b.jobs);
        assertEquals(List.of(Phase.Running, Phase.Fencing, Phase.Recovering, Phase.Stopped, Phase.Pending, Phase.Running),
                phasesSinceRunning("stop"));
        finish(s);
    }

    @Test
    @Order(8)
    void aDrainerIsCreatedUpdatedAndDeletedWithItsClaim() throws Exception {
        // A Service left by an earlier Drainer of the same name is taken over (create, conflict, update).
        harness.resource(new ServiceBuilder().withNewMetadata().withName("life").withNamespace(NS).endMetadata()
                .withNewSpec().addNewPort().withPort(1).endPort().endSpec().build()).create();
        Scenario s = start("life", 7_100_000_000_000_000_009L, d -> d.getSpec().relayLog.retainOnDelete = false);
        running(s, false);
        assertEquals(8249, harness.services().inNamespace(NS).withName("life").get().getSpec().getPorts().get(0).getPort());
        String hash = sts("life").getSpec().getTemplate().getMetadata().getAnnotations().get(Labels.CONFIG_HASH);
        edit("life", d -> d.getSpec().syncer.txnBatch = 50);
        await().atMost(WAIT).until(() -> !hash.equals(sts("life").getSpec().getTemplate().getMetadata().getAnnotations()
                .get(Labels.CONFIG_HASH)));
        // With downstream TLS the operator GETs the TLS Secret at each checkpoint read.
        edit("life", d -> {
            d.getSpec().downstream.tls = new TlsSpec();
            d.getSpec().downstream.tls.secretName = "life-tls";
        });
        await().atMost(WAIT).until(() -> String.valueOf(get("life").getStatus().checkpoint.error)
                .contains("the TLS Secret test/life-tls"));
        finish(s);
        assertNull(harness.persistentVolumeClaims().inNamespace(NS).withName("life-relay").get());
    }

    /** The recovery's steps from the status it wrote (docs/benchmark.md, Operator); figures, never asserted. */
    private static void printTimings(Drainer d) {
        RecoveryStatus r = d.getStatus().recovery;
        Instant lost = Instant.parse(d.getStatus().pd.since);
        System.out.printf("BENCH recovery on the mock server (threshold 1s, resync 500ms): PD lost -> Fencing %d ms,"
                        + " -> fenced %d ms, -> Job seen %d ms, -> Recovered %d ms%n",
                Duration.between(lost, Instant.parse(r.startedAt)).toMillis(),
                Duration.between(lost, Instant.parse(r.fencedAt)).toMillis(),
                Duration.between(lost, Instant.parse(r.jobCreatedAt)).toMillis(),
                Duration.between(lost, Instant.parse(r.finishedAt)).toMillis());
    }

    /**
     * Runs after the scenarios: the operator's requests of every scenario above, as RBAC triples, must be exactly the chart's rules
     * minus {@link #PROD_ONLY}. The measured file goes to target/ for regeneration.
     */
    @Test
    @Order(100)
    void rbacRulesAreExactlyWhatTheOperatorSent() throws Exception {
        SortedSet<String> nonResource = new TreeSet<>();
        SortedSet<RbacTriple> measured = requests.operatorTriples(nonResource);
        SortedSet<RbacTriple> all = new TreeSet<>(measured);
        PROD_ONLY.forEach(r -> all.addAll(r.triples()));
        List<String> notes = new ArrayList<>();
        notes.add("Regenerate: mvn -pl operator -am verify -Dtest=RecoverySequenceTest");
        notes.add("  -Dsurefire.failIfNoSpecifiedTests=false, then copy operator/target/rbac-rules.yaml here.");
        notes.add("Added, because the mock server shows them never or not in every run:");
        PROD_ONLY.forEach(r -> notes.add("- " + r.apiGroup() + " " + r.resource() + " " + r.verbs() + ": "
                + r.reason()));
        String rendered = RbacRulesFile.render(all, notes);
        Path target = Path.of("target", "rbac-rules.yaml");
        Files.writeString(target, rendered);

        Path committed = RbacRulesFile.committed();
        SortedSet<RbacTriple> file = Files.exists(committed) ? RbacRulesFile.read(committed) : new TreeSet<>();
        SortedSet<RbacTriple> missing = new TreeSet<>(all);
        missing.removeAll(file);
        SortedSet<RbacTriple> extra = new TreeSet<>(file);
        extra.removeAll(all);
        assertTrue(missing.isEmpty() && extra.isEmpty(), () -> committed + " differs from the measured requests"
                + " (run the whole class: the measurement covers every scenario). Missing: " + missing + "; not sent: "
                + extra + ". The measured file is " + target.toAbsolutePath() + "; non-resource URLs seen (granted by"
                + " system:discovery): " + nonResource);
        assertEquals(rendered, Files.readString(committed), "same rules, but the file's text is not the rendered one;"
                + " copy " + target.toAbsolutePath());
    }
}
