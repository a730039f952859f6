package dev.drainer.operator.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.operator.Fixtures;
import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerState;
import dev.drainer.operator.api.TlsSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The recovery Job runs {@code drainer recover} exactly like the pod runs {@code drainer run}. */
class RecoveryJobTest {
    @Test
    void theJobSharesImageConfigSecretClaimAndIdentityWithThePod() {
        Drainer d = Fixtures.drainer("ns", "main");
        d.getSpec().downstream.tls = new TlsSpec();
        d.getSpec().downstream.tls.secretName = "ds-tls";
        d.getSpec().recovery.job.resources = new ResourceRequirementsBuilder()
                .addToLimits("memory", new Quantity("1Gi")).build();
        String toml = DrainerToml.render(DrainerToml.config(d.getSpec(), new Names("main", "ns")));
        Job job = RecoveryJob.build(d, d.getSpec(), toml, 3, "18446744073709551615");
        PodSpec pod = DesiredObjects.build(d, d.getSpec(), DrainerState.RUNNING, toml, "h").statefulSet().getSpec()
                .getTemplate().getSpec();
        PodSpec jobPod = job.getSpec().getTemplate().getSpec();
        Container c = jobPod.getContainers().get(0);
        Container drainer = pod.getContainers().get(0);

        assertEquals("main-recover-3", job.getMetadata().getName());
        assertEquals(List.of("drainer"), c.getCommand());
        assertEquals(List.of("recover", "-config", "/etc/drainer/drainer.toml", "-cluster-id", "18446744073709551615"),
                c.getArgs());
        assertEquals(drainer.getImage(), c.getImage());
        assertEquals(drainer.getEnv(), c.getEnv(), "MYSQL_PSWD from the same Secret key");
        assertEquals(drainer.getVolumeMounts(), c.getVolumeMounts());
        assertEquals(pod.getVolumes(), jobPod.getVolumes(), "config, data, relay claim and TLS");
        assertEquals(pod.getSecurityContext(), jobPod.getSecurityContext(), "same uid/gid/fsGroup");
        assertEquals("1Gi", c.getResources().getLimits().get("memory").toString());
        assertEquals("Never", jobPod.getRestartPolicy());
        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals(3600L, job.getSpec().getActiveDeadlineSeconds());
        assertEquals(86400, job.getSpec().getTtlSecondsAfterFinished());
        assertEquals("3", job.getMetadata().getAnnotations().get(Labels.ATTEMPT));
        assertEquals("main", job.getMetadata().getOwnerReferences().get(0).getName());
        // Neither adopted by the StatefulSet nor behind the Service.
        Map<String, String> labels = job.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(Labels.selector("main").entrySet().stream().noneMatch(e -> e.getValue().equals(labels.get(e.getKey()))),
                labels.toString());
        assertEquals(Labels.RECOVERY, labels.get(Labels.COMPONENT));

        d.getSpec().syncer.txnBatch = 7;
        String other = DrainerToml.render(DrainerToml.config(d.getSpec(), new Names("main", "ns")));
        assertNotEquals(job.getMetadata().getAnnotations().get(Labels.SPEC_HASH), RecoveryJob.build(d, d.getSpec(),
                other, 3, "18446744073709551615").getMetadata().getAnnotations().get(Labels.SPEC_HASH));
        assertEquals(List.of("recover", "-config", "/etc/drainer/drainer.toml"), RecoveryJob.build(d, d.getSpec(),
                toml, 3, null).getSpec().getTemplate().getSpec().getContainers().get(0).getArgs(),
                "without a known cluster id the table's only row is recovered");
    }
}
