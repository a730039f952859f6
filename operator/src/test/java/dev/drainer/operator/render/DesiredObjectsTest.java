package dev.drainer.operator.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.operator.Fixtures;
import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerState;
import dev.drainer.operator.api.TlsSpec;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The pod-level spec fields and the relay-log variants as they reach the StatefulSet and the claim. */
class DesiredObjectsTest {
    private static Desired build(Drainer d) {
        String toml = DrainerToml.render(DrainerToml.config(d.getSpec(), new Names("main", "ns")));
        return DesiredObjects.build(d, d.getSpec(), DrainerState.RUNNING, toml, "secret-hash");
    }

    private static PodSpec pod(Desired desired) {
        return desired.statefulSet().getSpec().getTemplate().getSpec();
    }

    private static Map<String, String> mounts(Container c) {
        return c.getVolumeMounts().stream().collect(Collectors.toMap(VolumeMount::getName,
                VolumeMount::getMountPath));
    }

    @Test
    void imageResourcesSchedulingAndAnnotationsReachThePod() {
        Drainer d = Fixtures.drainer("ns", "main");
        d.getSpec().image = "registry.local/drainer:9";
        d.getSpec().imagePullPolicy = "Always";
        d.getSpec().resources = new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("1"))
                .addToLimits("memory", new Quantity("2Gi")).build();
        d.getSpec().scheduling.nodeSelector = Map.of("disk", "ssd");
        d.getSpec().scheduling.tolerations = List.of(new TolerationBuilder().withKey("dedicated")
                .withOperator("Exists").withEffect("NoSchedule").build());
        d.getSpec().scheduling.affinity = new AffinityBuilder().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .addNewMatchExpression().withKey("zone").withOperator("In").withValues("a").endMatchExpression()
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().build();
        d.getSpec().scheduling.priorityClassName = "critical";
        d.getSpec().podAnnotations = Map.of("prometheus.io/scrape", "true");
        d.getSpec().securityContext.runAsGroup = 1000;

        Desired desired = build(d);
        PodSpec pod = pod(desired);
        Container c = pod.getContainers().get(0);
        assertEquals("registry.local/drainer:9", c.getImage());
        assertEquals("Always", c.getImagePullPolicy());
        assertEquals(d.getSpec().resources, c.getResources());
        assertEquals(Map.of("disk", "ssd"), pod.getNodeSelector());
        assertEquals(d.getSpec().scheduling.tolerations, pod.getTolerations());
        assertEquals(d.getSpec().scheduling.affinity, pod.getAffinity());
        assertEquals("critical", pod.getPriorityClassName());
        assertEquals(1000L, pod.getSecurityContext().getRunAsGroup());
        Map<String, String> annotations = desired.statefulSet().getSpec().getTemplate().getMetadata().getAnnotations();
        assertEquals("true", annotations.get("prometheus.io/scrape"));
        assertEquals("secret-hash", annotations.get(Labels.SECRET_HASH), "the operator's hashes stay beside them");
        assertEquals(false, c.getSecurityContext().getAllowPrivilegeEscalation());
    }

    @Test
    void anExistingClaimIsMountedAndNoClaimIsCreated() {
        Drainer d = Fixtures.drainer("ns", "main");
        d.getSpec().relayLog.existingClaim = "shared-relay";
        Desired desired = build(d);
        assertTrue(desired.relayClaim().isEmpty());
        assertEquals(List.of("shared-relay"), pod(desired).getVolumes().stream()
                .filter(v -> v.getPersistentVolumeClaim() != null)
                .map(v -> v.getPersistentVolumeClaim().getClaimName()).toList());
        assertEquals("/var/lib/drainer/relay", mounts(pod(desired).getContainers().get(0)).get("relay"));
    }

    @Test
    void aDisabledRelayLogHasNeitherClaimNorMount() {
        Drainer d = Fixtures.drainer("ns", "main");
        d.getSpec().relayLog.enabled = false;
        Desired desired = build(d);
        assertTrue(desired.relayClaim().isEmpty());
        assertTrue(pod(desired).getVolumes().stream().noneMatch(v -> v.getPersistentVolumeClaim() != null));
        assertFalse(mounts(pod(desired).getContainers().get(0)).containsKey("relay"));
        assertFalse(desired.configMap().getData().get(DrainerToml.FILE).contains("/var/lib/drainer/relay"));
    }

    @Test
    void thePdTlsSecretIsMountedReadOnlyWhereTheSecuritySectionPointsTo() {
        Drainer d = Fixtures.drainer("ns", "main");
        d.getSpec().pd.endpoints = List.of("https://pd:2379");
        d.getSpec().pd.tls = new TlsSpec();
        d.getSpec().pd.tls.secretName = "pd-client";
        Desired desired = build(d);
        PodSpec pod = pod(desired);
        assertEquals(List.of("pd-client"), pod.getVolumes().stream().filter(v -> v.getSecret() != null)
                .map(v -> v.getSecret().getSecretName()).toList());
        VolumeMount mount = pod.getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getName().equals("pd-tls")).findFirst().orElseThrow();
        assertEquals(DrainerToml.PD_TLS_DIR, mount.getMountPath());
        assertTrue(mount.getReadOnly());
        String toml = desired.configMap().getData().get(DrainerToml.FILE);
        assertTrue(toml.contains("[security]\nssl-ca = \"" + DrainerToml.PD_TLS_DIR + "/ca.crt\""), toml);
        // The drainer's port serves TLS only; kubelet probes it over HTTPS.
        assertEquals("HTTPS", pod.getContainers().get(0).getReadinessProbe().getHttpGet().getScheme());
        assertEquals("HTTPS", pod.getContainers().get(0).getLivenessProbe().getHttpGet().getScheme());
    }

    @Test
    void theDownstreamTlsSecretIsMountedReadOnlyWhereDrainerTomlPointsTo() {
        Drainer d = Fixtures.drainer("ns", "main");
        d.getSpec().downstream.tls = new TlsSpec();
        d.getSpec().downstream.tls.secretName = "db-tls";
        Desired desired = build(d);
        PodSpec pod = pod(desired);
        assertEquals(List.of("db-tls"), pod.getVolumes().stream().filter(v -> v.getSecret() != null)
                .map(v -> v.getSecret().getSecretName()).toList());
        VolumeMount mount = pod.getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> m.getName().equals("downstream-tls")).findFirst().orElseThrow();
        assertEquals(DrainerToml.DOWNSTREAM_TLS_DIR, mount.getMountPath());
        assertTrue(mount.getReadOnly());
        assertTrue(desired.configMap().getData().get(DrainerToml.FILE)
                .contains("ssl-ca = \"" + DrainerToml.DOWNSTREAM_TLS_DIR + "/ca.crt\""),
                desired.configMap().getData().get(DrainerToml.FILE));
    }
}
