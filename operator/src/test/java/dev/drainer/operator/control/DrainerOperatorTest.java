package dev.drainer.operator.control;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.checkpoint.MysqlEndpoint;
import dev.drainer.config.ConfigLoader;
import dev.drainer.config.DrainerConfig;
import dev.drainer.operator.FakeDrainerApi;
import dev.drainer.operator.Fixtures;
import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerState;
import dev.drainer.operator.api.Phase;
import dev.drainer.operator.api.TlsSpec;
import dev.drainer.operator.observe.TlsSecretFiles;
import dev.drainer.operator.observe.Tso;
import dev.drainer.operator.render.DrainerToml;
import dev.drainer.operator.render.Hashes;
import dev.drainer.operator.render.Labels;
import dev.drainer.pd.PdClient;
import dev.drainer.pd.registry.NodeState;
import dev.drainer.pd.registry.NodeStatus;
import dev.drainer.pd.registry.Registry;
import dev.drainer.sim.SimulatedPd;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.TestPki;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator running in Quarkus against the fabric8 CRUD mock API server, a simulated PD (gRPC + etcd KV) and a
 * real MariaDB as the downstream.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class DrainerOperatorTest {
    private static final String NS = "test";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static SimulatedPd pd;

    @Inject
    KubernetesClient client;

    @Inject
    MeterRegistry metrics;

    @Inject
    TlsSecretFiles tlsFiles;

    @BeforeAll
    static void startPd() throws Exception {
        pd = SimulatedPd.start(7_000_000_000_000_000_001L);
    }

    @AfterAll
    static void stopPd() {
        pd.close();
    }

    /** A Drainer on the real MariaDB and the simulated PD, with its own checkpoint schema and password Secret. */
    private Drainer create(String name) {
        MariaDb db = MariaDb.shared();
        Fixtures.createPasswordSecret(client, NS, name, db.password());
        Drainer d = Fixtures.toCreate(NS, name, pd.endpoint(), db);
        d.getSpec().checkpoint.schema = "cp_" + name.replace('-', '_');
        d.getSpec().relayLog.storageClassName = "nfs";
        return client.resource(d).create();
    }

    private Drainer get(String name) {
        return client.resources(Drainer.class).inNamespace(NS).withName(name).get();
    }

    private StatefulSet sts(String name) {
        return client.apps().statefulSets().inNamespace(NS).withName(name).get();
    }

    private void edit(String name, Consumer<Drainer> change) {
        Fixtures.edit(client, NS, name, change, WAIT);
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<Condition> condition(Drainer d, String type) {
        return d == null || d.getStatus() == null ? Optional.empty()
                : d.getStatus().conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    @Test
    void aDrainerYieldsExactlyItsConfigMapClaimStatefulSetAndService() {
        create("exact");
        await().atMost(WAIT).until(() -> sts("exact") != null);
        String selector = Labels.DRAINER + "=exact";
        List<ConfigMap> cms = client.configMaps().inNamespace(NS).withLabel(Labels.DRAINER, "exact").list().getItems();
        List<PersistentVolumeClaim> pvcs = client.persistentVolumeClaims().inNamespace(NS)
                .withLabel(Labels.DRAINER, "exact").list().getItems();
        List<Service> svcs = client.services().inNamespace(NS).withLabel(Labels.DRAINER, "exact").list().getItems();
        List<StatefulSet> stss = client.apps().statefulSets().inNamespace(NS).withLabel(Labels.DRAINER, "exact").list()
                .getItems();
        assertEquals(List.of("exact-config"), cms.stream().map(c -> c.getMetadata().getName()).toList(), selector);
        assertEquals(List.of("exact-relay"), pvcs.stream().map(c -> c.getMetadata().getName()).toList());
        assertEquals(List.of("exact"), svcs.stream().map(c -> c.getMetadata().getName()).toList());
        assertEquals(List.of("exact"), stss.stream().map(c -> c.getMetadata().getName()).toList());

        String toml = cms.get(0).getData().get("drainer.toml");
        DrainerConfig c = ConfigLoader.parseToml(toml, "configmap", Map.of("MYSQL_PSWD", "x"), DrainerToml.NO_HOST);
        assertEquals("exact-0:8249", c.nodeId());
        assertEquals("exact-0.exact.test.svc:8249", c.advertiseAddr());
        assertEquals(pd.endpoint(), c.pdUrls());
        assertFalse(c.syncer().relay().autoRecover());
        assertEquals("/var/lib/drainer/relay", c.syncer().relay().logDir());
        assertEquals(MariaDb.shared().port(), c.syncer().to().port());
        assertEquals("cp_exact", c.syncer().to().checkpoint().schema());
        assertFalse(toml.lines().anyMatch(l -> l.startsWith("password")), toml);

        PersistentVolumeClaim pvc = pvcs.get(0);
        assertEquals(List.of("ReadWriteMany"), pvc.getSpec().getAccessModes());
        assertEquals("nfs", pvc.getSpec().getStorageClassName());
        assertEquals("10Gi", pvc.getSpec().getResources().getRequests().get("storage").toString());
        assertTrue(pvc.getMetadata().getOwnerReferences() == null || pvc.getMetadata().getOwnerReferences().isEmpty(),
                "the relay claim must outlive the Drainer when retained");

        Service svc = svcs.get(0);
        assertEquals("None", svc.getSpec().getClusterIP());
        assertEquals(true, svc.getSpec().getPublishNotReadyAddresses());
        assertEquals(8249, svc.getSpec().getPorts().get(0).getPort());

        StatefulSet s = stss.get(0);
        assertEquals(1, s.getSpec().getReplicas());
        assertEquals("exact", s.getSpec().getServiceName());
        var pod = s.getSpec().getTemplate().getSpec();
        assertEquals(120L, pod.getTerminationGracePeriodSeconds());
        assertEquals(true, pod.getSecurityContext().getRunAsNonRoot());
        assertEquals(65532L, pod.getSecurityContext().getRunAsUser());
        assertEquals(65532L, pod.getSecurityContext().getFsGroup());
        assertEquals(List.of("exact-relay"), pod.getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                .map(v -> v.getPersistentVolumeClaim().getClaimName()).toList());
        Container main = pod.getContainers().get(0);
        assertEquals(List.of("drainer"), main.getCommand());
        assertEquals(List.of("run", "-config", "/etc/drainer/drainer.toml"), main.getArgs());
        assertEquals("MYSQL_PSWD", main.getEnv().get(0).getName());
        assertEquals("exact-password", main.getEnv().get(0).getValueFrom().getSecretKeyRef().getName());
        assertEquals("/readyz", main.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/healthz", main.getLivenessProbe().getHttpGet().getPath());
        assertEquals("HTTP", main.getReadinessProbe().getHttpGet().getScheme(), "no spec.pd.tls: plaintext port");
        assertEquals(Hashes.of(toml), s.getSpec().getTemplate().getMetadata().getAnnotations().get(Labels.CONFIG_HASH));

        // Reconciling an unchanged Drainer (every second in tests) writes nothing.
        String stsVersion = s.getMetadata().getResourceVersion();
        String cmVersion = cms.get(0).getMetadata().getResourceVersion();
        await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true);
        assertEquals(stsVersion, sts("exact").getMetadata().getResourceVersion());
        assertEquals(cmVersion, client.configMaps().inNamespace(NS).withName("exact-config").get().getMetadata()
                .getResourceVersion());
    }

    @Test
    void statusShowsTheCheckpointThatMariaDbHolds() throws Exception {
        MariaDb db = MariaDb.shared();
        long ts = Tso.of(Instant.parse("2026-05-01T12:00:00Z")) + 3;
        CheckpointStore store = new CheckpointStore(new MysqlEndpoint(db.host(), db.port(), db.user(), db.password(),
                Duration.ofSeconds(5), Duration.ofSeconds(5), List.of()), "cp_observed", "checkpoint");
        store.createIfMissing();
        store.save(pd.clusterId(), Checkpoint.at(ts, true));
        create("observed");
        await().atMost(WAIT).untilAsserted(() -> {
            Drainer d = get("observed");
            assertTrue(d.getStatus() != null && d.getStatus().checkpoint != null
                    && Long.valueOf(ts).equals(d.getStatus().checkpoint.commitTS), () -> "status: " + JSON.asJson(d.getStatus()));
        });
        Drainer d = get("observed");
        assertEquals("2026-05-01T12:00:00Z", d.getStatus().checkpoint.commitTime);
        assertEquals(true, d.getStatus().checkpoint.consistent);
        assertEquals(Long.toUnsignedString(pd.clusterId()), d.getStatus().clusterID);
        assertEquals(true, d.getStatus().pd.reachable);
        assertEquals("True", condition(d, "CheckpointConsistent").orElseThrow().getStatus());
        assertEquals("True", condition(d, "PDReachable").orElseThrow().getStatus());
        assertEquals(d.getMetadata().getGeneration(), d.getStatus().observedGeneration);
        assertEquals(Phase.Pending, d.getStatus().phase, "no pod runs on the mock server");

        // Metrics are published right after the status write of the same reconcile.
        await().atMost(WAIT).until(() -> metrics.find("drainer_operator_pd_reachable").tag("name", "observed")
                .gauge() != null);
        assertEquals(1.0, metrics.find("drainer_operator_pd_reachable").tag("name", "observed").gauge().value());
        assertTrue(metrics.find("drainer_operator_checkpoint_lag_seconds").tag("name", "observed").gauge().value() > 0);

        store.save(pd.clusterId(), Checkpoint.at(ts + 100, false));
        await().atMost(WAIT).until(() -> Long.valueOf(ts + 100).equals(get("observed").getStatus().checkpoint.commitTS));
        assertEquals("False", condition(get("observed"), "CheckpointConsistent").orElseThrow().getStatus());
    }

    @Test
    void theCheckpointIsReadWithTheTlsSecretAndItsFilesGoWithTheDrainer(@TempDir Path pkiDir) throws Exception {
        Drainer created = create("tls");
        TlsSpec tls = new TlsSpec();
        tls.secretName = "tls-ca";
        tls.certKey = "";
        tls.keyKey = "";
        edit("tls", d -> d.getSpec().downstream.tls = tls);
        await().atMost(WAIT).until(() -> condition(get("tls"), "CheckpointConsistent").map(Condition::getMessage)
                .orElse("").equals("cannot read checkpoint over TLS: the TLS Secret test/tls-ca"
                        + " (spec.downstream.tls.secretName) does not exist"));
        assertEquals("Unreadable", condition(get("tls"), "CheckpointConsistent").orElseThrow().getReason());

        client.resource(new SecretBuilder().withNewMetadata().withName("tls-ca").withNamespace(NS).endMetadata()
                .withData(Map.of("ca.crt", Base64.getEncoder().encodeToString(Files.readAllBytes(
                        TestPki.create(pkiDir, "operator").caPem())))).build()).create();
        // The shared MariaDB offers no TLS: the read now fails in the handshake, which shows that TLS was used.
        await().atMost(WAIT).untilAsserted(() -> {
            String message = condition(get("tls"), "CheckpointConsistent").map(Condition::getMessage).orElse("");
            assertTrue(message.contains("over TLS (Secret test/tls-ca): TLS connection to "), message);
        });
        Path files = tlsFiles.root().resolve(created.getMetadata().getUid());
        assertTrue(Files.exists(files.resolve("spec.downstream.tls").resolve("ca.crt")));

        client.resource(get("tls")).delete();
        await().atMost(WAIT).until(() -> get("tls") == null);
        assertFalse(Files.exists(files), "the CA copy is removed with the Drainer");
    }

    @Test
    void specAndSecretChangesRollThePod() {
        create("roll");
        await().atMost(WAIT).until(() -> sts("roll") != null);
        Map<String, String> first = Map.copyOf(sts("roll").getSpec().getTemplate().getMetadata().getAnnotations());
        edit("roll", d -> d.getSpec().syncer.txnBatch = 50);
        await().atMost(WAIT).until(() -> !first.get(Labels.CONFIG_HASH).equals(
                sts("roll").getSpec().getTemplate().getMetadata().getAnnotations().get(Labels.CONFIG_HASH)));
        assertTrue(client.configMaps().inNamespace(NS).withName("roll-config").get().getData().get("drainer.toml")
                .contains("txn-batch = 50"));
        Map<String, String> second = Map.copyOf(sts("roll").getSpec().getTemplate().getMetadata().getAnnotations());
        assertEquals(first.get(Labels.SECRET_HASH), second.get(Labels.SECRET_HASH));

        client.secrets().inNamespace(NS).withName("roll-password").edit(s -> {
            s.setData(Map.of("password", b64(MariaDb.shared().password()), "rotated", b64("yes")));
            return s;
        });
        await().atMost(WAIT).until(() -> !second.get(Labels.SECRET_HASH).equals(
                sts("roll").getSpec().getTemplate().getMetadata().getAnnotations().get(Labels.SECRET_HASH)));
        assertEquals(second.get(Labels.CONFIG_HASH),
                sts("roll").getSpec().getTemplate().getMetadata().getAnnotations().get(Labels.CONFIG_HASH));
    }

    @Test
    void stopScalesToZeroAndStartBackToOne() {
        create("stopstart");
        await().atMost(WAIT).until(() -> sts("stopstart") != null);
        assertEquals(1, sts("stopstart").getSpec().getReplicas());
        edit("stopstart", d -> d.getSpec().state = DrainerState.STOPPED);
        await().atMost(WAIT).until(() -> sts("stopstart").getSpec().getReplicas() == 0
                && get("stopstart").getStatus().phase == Phase.Stopped);
        Drainer stopped = get("stopstart");
        assertEquals("Stopped", condition(stopped, "Ready").orElseThrow().getReason(), () -> JSON.asJson(stopped.getStatus()));
        edit("stopstart", d -> d.getSpec().state = DrainerState.RUNNING);
        await().atMost(WAIT).until(() -> sts("stopstart").getSpec().getReplicas() == 1
                && get("stopstart").getStatus().phase == Phase.Pending);
    }

    @Test
    void anInvalidSpecCreatesNothingAndNamesTheField() {
        MariaDb db = MariaDb.shared();
        Drainer d = Fixtures.toCreate(NS, "invalid");
        d.getSpec().pd.endpoints = List.of(pd.endpoint());
        d.getSpec().downstream.port = db.port();
        d.getSpec().config = "[syncer]\nworker-count = 3\n";
        client.resource(d).create();
        await().atMost(WAIT).until(() -> condition(get("invalid"), "InvalidSpec").isPresent());
        Condition c = condition(get("invalid"), "InvalidSpec").orElseThrow();
        assertEquals("True", c.getStatus());
        assertEquals("spec.config: spec.config key syncer.worker-count conflicts with spec.syncer.workerCount; set it"
                + " there (nothing was created)", c.getMessage());
        assertEquals(Phase.Invalid, get("invalid").getStatus().phase);
        assertTrue(client.configMaps().inNamespace(NS).withLabel(Labels.DRAINER, "invalid").list().getItems().isEmpty());
        assertTrue(client.persistentVolumeClaims().inNamespace(NS).withLabel(Labels.DRAINER, "invalid").list().getItems()
                .isEmpty());
        assertTrue(client.services().inNamespace(NS).withLabel(Labels.DRAINER, "invalid").list().getItems().isEmpty());
        assertNull(sts("invalid"));
        // The transition is an Event on the Drainer (kubectl describe drn shows it).
        await().atMost(WAIT).until(() -> client.v1().events().inNamespace(NS).list().getItems().stream()
                .anyMatch(e -> "invalid".equals(e.getInvolvedObject().getName()) && "Warning".equals(e.getType())
                        && "InvalidSpec".equals(e.getReason()) && c.getMessage().equals(e.getMessage())));
    }

    @Test
    void aSecondDrainerOnTheSameCheckpointRowIsRefusedThroughTheCacheIndex() {
        create("row-first");
        create("row-second");
        await().atMost(WAIT).until(() -> condition(get("row-second"), "InvalidSpec").map(Condition::getReason)
                .filter("Valid"::equals).isPresent());
        edit("row-second", d -> d.getSpec().checkpoint.schema = "cp_row_first");
        await().atMost(WAIT).until(() -> condition(get("row-second"), "InvalidSpec").map(Condition::getReason)
                .filter("CheckpointRowInUse"::equals).isPresent());
        assertTrue(condition(get("row-second"), "InvalidSpec").orElseThrow().getMessage()
                .contains("is already used by Drainer test/row-first"));
        assertEquals("Valid", condition(get("row-first"), "InvalidSpec").orElseThrow().getReason());
    }

    @Test
    void deletionClosesTheLivePodOverHttpThenRetainsTheClaim() throws Exception {
        create("del-http");
        await().atMost(WAIT).until(() -> sts("del-http") != null);
        registry(NodeState.ONLINE, "del-http-0:8249");
        try (FakeDrainerApi api = FakeDrainerApi.start("del-http-0:8249")) {
            Pod pod = client.resource(new PodBuilder().withNewMetadata().withName("del-http-0").withNamespace(NS)
                    .endMetadata().withNewSpec().addNewContainer().withName("drainer").withImage("x").addNewPort()
                    .withName("http").withContainerPort(api.port()).endPort().endContainer().endSpec()
                    .withNewStatus().withPhase("Running").withPodIP("127.0.0.1").endStatus().build()).create();
            if (pod.getStatus() == null || pod.getStatus().getPodIP() == null) {
                client.pods().inNamespace(NS).resource(new PodBuilder(pod).withNewStatus().withPhase("Running")
                        .withPodIP("127.0.0.1").endStatus().build()).updateStatus();
            }
            client.resource(get("del-http")).delete();
            await().atMost(WAIT).until(() -> !api.requests().isEmpty() && sts("del-http").getSpec().getReplicas() == 0);
            assertEquals(List.of("PUT /state/del-http-0:8249/close"), api.requests());
            assertEquals(Phase.Deleting, get("del-http").getStatus().phase);
            assertEquals("http", get("del-http").getStatus().offlineMarkedBy);
            // The StatefulSet controller would now remove the pod; the finalizer waits for that.
            client.pods().inNamespace(NS).withName("del-http-0").delete();
        }
        await().atMost(WAIT).until(() -> get("del-http") == null);
        assertEquals(NodeState.OFFLINE, registryState("del-http-0:8249"));
        assertTrue(client.persistentVolumeClaims().inNamespace(NS).withName("del-http-relay").get() != null,
                "retainOnDelete keeps the relay claim");
    }

    @Test
    void deletionWithoutAPodMarksOfflineInEtcdAndDeletesAnUnretainedClaim() throws Exception {
        create("del-etcd");
        edit("del-etcd", d -> d.getSpec().relayLog.retainOnDelete = false);
        await().atMost(WAIT).until(() -> client.persistentVolumeClaims().inNamespace(NS).withName("del-etcd-relay")
                .get() != null && get("del-etcd").getStatus() != null
                && get("del-etcd").getStatus().lastValidSpec.contains("\"retainOnDelete\":false"));
        registry(NodeState.PAUSED, "del-etcd-0:8249");
        client.resource(get("del-etcd")).delete();
        await().atMost(WAIT).until(() -> get("del-etcd") == null);
        assertEquals(NodeState.OFFLINE, registryState("del-etcd-0:8249"));
        assertNull(client.persistentVolumeClaims().inNamespace(NS).withName("del-etcd-relay").get());
    }

    private static void registry(NodeState state, String nodeId) throws Exception {
        try (PdClient c = PdClient.forUrls(pd.endpoint())) {
            new Registry(c.etcd(Duration.ofSeconds(3))).update(NodeStatus.drainer(nodeId, nodeId, state, 1, 2));
        }
    }

    private static NodeState registryState(String nodeId) throws Exception {
        try (PdClient c = PdClient.forUrls(pd.endpoint())) {
            return new Registry(c.etcd(Duration.ofSeconds(3))).drainer(nodeId).orElseThrow().state();
        }
    }
}
