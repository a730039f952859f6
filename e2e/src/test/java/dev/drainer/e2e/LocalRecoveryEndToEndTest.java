package dev.drainer.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.checkpoint.MysqlEndpoint;
import dev.drainer.operator.api.DownstreamSpec;
import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerSpec;
import dev.drainer.operator.api.DrainerStatus;
import dev.drainer.operator.api.PdSpec;
import dev.drainer.operator.api.Phase;
import dev.drainer.operator.api.SecretKeyRef;
import dev.drainer.relay.RelayInspector;
import dev.drainer.relay.RelayReport;
import dev.drainer.sim.SimulatedCluster;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.downstream.ComparisonResult;
import dev.drainer.testkit.downstream.DownstreamReader;
import dev.drainer.testkit.downstream.StateComparator;
import dev.drainer.testkit.workload.Workload;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Automatic recovery end to end, without a cluster: a real drainer killed mid-stream leaves a relay log and a
 * downstream ahead of its checkpoint; PD goes down; the operator's real reconciler (JOSDK, no Quarkus) on the
 * fabric8 CRUD mock API server fences the drainer, re-reads the checkpoint from MariaDB and creates the recovery
 * Job; the {@link JobRunner} runs that Job's {@code drainer recover} in a child JVM; the Drainer ends
 * {@code Recovered} and the downstream equals the workload's oracle at the new checkpoint.
 */
@EnableKubernetesMockClient(https = false, crud = true)
class LocalRecoveryEndToEndTest {
    private static final String NS = "e2e";
    private static final String NAME = "drn";
    private static final long CLUSTER_ID = 7_300_000_000_000_000_011L;
    private static final long SEED = Long.getLong("e2e.seed", 61);
    private static final int TRANSACTIONS = 300;
    private static final Duration THRESHOLD = Duration.ofSeconds(2);
    private static final StandaloneOperator.Settings SETTINGS = new StandaloneOperator.Settings(
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMinutes(2),
            Duration.ofMillis(500), Duration.ofSeconds(5), false);
    private static final Duration WAIT = Duration.ofMinutes(3);

    static KubernetesClient client;

    @TempDir
    Path tmp;

    @Test
    void aDrainerKilledMidStreamIsFencedAndRecoveredByTheOperatorsJob() throws Exception {
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.quarkus.runtime.Quarkus"),
                "the child JVMs share this class path, which must hold no Quarkus");
        MariaDb db = MariaDb.shared();
        try (SimulatedCluster upstream = SimulatedCluster.start(CLUSTER_ID, 2, 1)) {
            KilledDrainer killed = KilledDrainer.run(db, upstream, tmp.resolve("drainer"), SEED, TRANSACTIONS,
                    "loader.chunk.committed", 40);
            assertTrue(killed.crash().reached(), "the drainer was not killed mid-stream (" + killed.crash().outcome()
                    + ", exit " + killed.crash().exitCode() + "); its log: " + killed.log());

            // What the recovery starts from: an inconsistent checkpoint, relay records beyond it, a torn downstream.
            CheckpointStore store = checkpointStore(db, killed.checkpointDb());
            Checkpoint before = store.load(CLUSTER_ID).orElseThrow();
            assertFalse(before.consistent(), "a killed drainer leaves consistent=false: " + before);
            RelayReport relay = RelayInspector.inspectWithoutLock(killed.relayDir());
            assertTrue(relay.ok(), relay.toText());
            long relayMax = relay.maxCommitTs().orElseThrow();
            assertTrue(relayMax > before.commitTs(), "relay records beyond the checkpoint " + before.commitTs()
                    + ":\n" + relay.toText());
            assertFalse(compareAt(db, killed.workload(), before.commitTs()).isEqual(),
                    "the downstream must differ from the oracle at the checkpoint ts " + before.commitTs());

            createCrd();
            client.resource(new SecretBuilder().withNewMetadata().withName(NAME + "-password").withNamespace(NS)
                    .endMetadata().withData(Map.of("password", Base64.getEncoder().encodeToString(
                            db.password().getBytes(StandardCharsets.UTF_8)))).build()).create();
            String claim = NAME + "-relay";
            try (FakePodController pods = new FakePodController(client, NS).start();
                 JobRunner jobs = new JobRunner(client, NS, Map.of(claim, killed.relayDir()), tmp.resolve("jobs")).start();
                 StandaloneOperator operator = StandaloneOperator.start(client, SETTINGS, NS)) {
                client.resource(drainer(db, upstream.pdEndpoint(), killed.checkpointDb())).create();
                await().atMost(WAIT).until(() -> {
                    DrainerStatus s = status();
                    return s != null && s.clusterID != null && s.pd != null && Boolean.TRUE.equals(s.pd.reachable)
                            && client.pods().inNamespace(NS).withName(NAME + "-0").get() != null;
                });
                assertEquals(Long.toUnsignedString(CLUSTER_ID), status().clusterID);

                Instant pdStopped = Instant.now();
                upstream.stopUpstream();
                await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                    assertTrue(jobs.failures().isEmpty(), () -> "the Job runner failed: " + jobs.failures());
                    Phase phase = status().phase;
                    assertFalse(phase == Phase.RecoveryFailed || phase == Phase.RecoveryBlocked,
                            () -> "recovery ended " + phase + ": " + status().recovery.message);
                    return phase == Phase.Recovered;
                });

                DrainerStatus done = status();
                Checkpoint after = store.load(CLUSTER_ID).orElseThrow();
                assertTrue(after.consistent(), "recover saves consistent=true: " + after);
                assertEquals(relayMax, after.commitTs(), "consistent at the last relay record");
                assertEquals(before.commitTs(), done.recovery.fromCommitTS);
                assertEquals(after.commitTs(), done.recovery.toCommitTS);
                assertEquals(1, done.recovery.attempt);
                assertTrue(done.recovery.message.contains("safe to promote at ts " + after.commitTs()),
                        done.recovery.message);
                compareAt(db, killed.workload(), after.commitTs()).assertEqual();

                // The fence happened once, before the only Job, which ran what the operator rendered.
                assertEquals(List.of(NAME + "-0"), pods.deletedPods());
                StatefulSet sts = client.apps().statefulSets().inNamespace(NS).withName(NAME).get();
                assertEquals(0, sts.getSpec().getReplicas());
                List<JobRunner.Run> runs = jobs.runs();
                assertEquals(1, runs.size(), "one Job: " + runs);
                JobRunner.Run run = runs.get(0);
                assertEquals(0, run.exitCode(), String.join("\n", run.output()));
                assertEquals(NAME + "-recover-1", run.job().name());
                Path config = run.job().mounts().entries().stream().filter(e -> e.mountPath().equals("/etc/drainer"))
                        .findFirst().orElseThrow().local();
                assertEquals(List.of("recover", "-config", config.resolve("drainer.toml").toString(), "-cluster-id",
                        Long.toUnsignedString(CLUSTER_ID)), run.job().args());
                assertEquals(db.password(), run.job().env().get("MYSQL_PSWD"), "the password from the Secret");
                assertTrue(Instant.parse(done.recovery.fencedAt).isBefore(run.startedAt()), "fenced before the Job ran");

                assertTrue(pods.failures().isEmpty(), "the pod controller failed: " + pods.failures());
                assertEquals(1.0, operator.registry().get("drainer_operator_recoveries").tag("result", "Recovered")
                        .counter().count(), "metrics: one recovery, Recovered");
                assertEquals(1L, operator.registry().get("drainer_operator_recovery_fence").timer().count(),
                        "metrics: one time to fence");
                Instant jobCreated = client.v1().events().inNamespace(NS).list().getItems().stream()
                        .filter(e -> "RecoveryJobCreated".equals(e.getReason())).map(e -> Instant.parse(e.getFirstTimestamp()))
                        .reduce((a, b) -> {
                            throw new AssertionError("two RecoveryJobCreated events: " + a + ", " + b);
                        }).orElseThrow(() -> new AssertionError("no RecoveryJobCreated event"));
                if (System.getProperty(RecoveryTimings.PROPERTY) != null) {
                    System.out.println(RecoveryTimings.of(pdStopped, done, jobCreated, THRESHOLD)
                            .line(SETTINGS.pdProbeInterval(), SETTINGS.resyncInterval(), THRESHOLD));
                }
            }
        }
    }

    private static DrainerStatus status() {
        Drainer d = client.resources(Drainer.class).inNamespace(NS).withName(NAME).get();
        return d == null ? null : d.getStatus();
    }

    private static void createCrd() {
        Path crd = Path.of(System.getProperty("drainer.crds.dir"), "drainers.binlog.drainer.dev-v1.yml");
        client.apiextensions().v1().customResourceDefinitions().load(crd.toFile()).create();
    }

    /** A Drainer on the simulator's PD and MariaDB, recovering automatically once PD is gone for the threshold. */
    private static Drainer drainer(MariaDb db, String pdEndpoint, String checkpointDb) {
        DrainerSpec spec = new DrainerSpec();
        spec.pd = new PdSpec();
        spec.pd.endpoints = List.of(pdEndpoint);
        spec.downstream = new DownstreamSpec();
        spec.downstream.host = db.host();
        spec.downstream.port = db.port();
        spec.downstream.user = db.user();
        spec.downstream.passwordSecretRef = new SecretKeyRef();
        spec.downstream.passwordSecretRef.name = NAME + "-password";
        spec.downstream.passwordSecretRef.key = "password";
        spec.checkpoint.schema = checkpointDb;
        spec.recovery.pdUnreachableThreshold = THRESHOLD.toSeconds() + "s";
        Drainer d = new Drainer();
        d.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(NAME).build());
        d.setSpec(spec);
        return d;
    }

    private static CheckpointStore checkpointStore(MariaDb db, String schema) {
        return new CheckpointStore(new MysqlEndpoint(db.host(), db.port(), db.user(), db.password(),
                Duration.ofSeconds(5), Duration.ofSeconds(30), List.of()), schema, "checkpoint");
    }

    private static ComparisonResult compareAt(MariaDb db, Workload w, long ts) throws Exception {
        try (Connection c = db.connect(w.schema())) {
            return StateComparator.compare(w.expectedAt(ts), DownstreamReader.read(c, w));
        }
    }
}
