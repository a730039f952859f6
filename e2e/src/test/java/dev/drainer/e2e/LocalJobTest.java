package dev.drainer.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.config.ConfigLoader;
import dev.drainer.config.DrainerConfig;
import dev.drainer.e2e.LocalJob.UnsupportedJobException;
import dev.drainer.operator.api.DownstreamSpec;
import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerSpec;
import dev.drainer.operator.api.DrainerState;
import dev.drainer.operator.api.PdSpec;
import dev.drainer.operator.api.SecretKeyRef;
import dev.drainer.operator.render.Desired;
import dev.drainer.operator.render.DesiredObjects;
import dev.drainer.operator.render.DrainerToml;
import dev.drainer.operator.render.Names;
import dev.drainer.operator.render.RecoveryJob;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Job runner's reading of a recovery Job, on the Job the operator renders: what it honours (command, args,
 * env from a Secret, mounts) and that it refuses any field or value it cannot honour, naming it.
 */
@EnableKubernetesMockClient(https = false, crud = true)
class LocalJobTest {
    private static final String NS = "jobs";
    private static final String PASSWORD = "s3cret-pw";

    static KubernetesClient client;

    @TempDir
    Path tmp;
    private Drainer drainer;
    private Job job;
    private Path relay;

    @BeforeEach
    void renderTheOperatorsObjects() throws Exception {
        String name = "d" + System.nanoTime();
        drainer = drainer(name);
        Names names = new Names(name, NS);
        String toml = DrainerToml.render(DrainerToml.config(drainer.getSpec(), names));
        Desired desired = DesiredObjects.build(drainer, drainer.getSpec(), DrainerState.RUNNING, toml, "hash");
        client.resource(desired.configMap()).create();
        client.resource(desired.relayClaim().orElseThrow()).create();
        client.resource(new SecretBuilder().withNewMetadata().withName(name + "-password").withNamespace(NS)
                .endMetadata().withData(Map.of("password", Base64.getEncoder().encodeToString(
                        PASSWORD.getBytes(StandardCharsets.UTF_8)))).build()).create();
        job = RecoveryJob.build(drainer, drainer.getSpec(), toml, 1, "7300000000000000011");
        relay = Files.createDirectories(tmp.resolve("relay"));
    }

    private LocalJob parse(Job j) {
        return LocalJob.parse(j, client, Map.of(drainer.getMetadata().getName() + "-relay", relay), tmp.resolve("run"));
    }

    private Job edited(UnaryOperator<JobBuilder> edit) {
        return edit.apply(new JobBuilder(job)).build();
    }

    @Test
    void theRenderedJobRunsDrainerRecoverWithLocalMountsAndThePasswordFromTheSecret() throws Exception {
        LocalJob local = parse(job);
        Path config = local.mounts().entries().stream().filter(e -> e.mountPath().equals(DrainerToml.CONFIG_DIR))
                .findFirst().orElseThrow().local();
        assertEquals(List.of("recover", "-config", config.resolve(DrainerToml.FILE).toString(), "-cluster-id",
                "7300000000000000011"), local.args());
        assertEquals(Map.of("MYSQL_PSWD", PASSWORD), local.env());
        assertEquals(drainer.getMetadata().getName() + "-recover-1", local.name());
        assertEquals(drainer.getSpec().image, local.image());
        assertEquals(3600L, local.activeDeadlineSeconds().orElseThrow());
        assertEquals(Map.of("runAsUser", 65532L, "runAsGroup", 65532L, "fsGroup", 65532L), local.identity());
        // The ConfigMap's drainer.toml, with the claim's mount path now the claim's local directory.
        DrainerConfig cfg = ConfigLoader.parseToml(Files.readString(config.resolve(DrainerToml.FILE)), "drainer.toml",
                Map.of());
        assertEquals(relay.toString(), cfg.syncer().relay().logDir());
        assertTrue(cfg.dataDir().startsWith(tmp.resolve("run").toString()), cfg.dataDir());
        assertTrue(Files.isDirectory(Path.of(cfg.dataDir())), "the emptyDir exists");
    }

    @Test
    void aFieldTheRunnerDoesNotKnowFailsNamingIt() {
        UnsupportedJobException e = assertThrows(UnsupportedJobException.class, () -> parse(edited(b -> b
                .editSpec().editTemplate().editSpec().withServiceAccountName("recovery").endSpec().endTemplate()
                .endSpec())));
        assertTrue(e.getMessage().contains("spec.template.spec.serviceAccountName=\"recovery\""), e.getMessage());

        e = assertThrows(UnsupportedJobException.class, () -> parse(edited(b -> b.editSpec().withParallelism(2)
                .endSpec())));
        assertTrue(e.getMessage().contains("spec.parallelism=2"), e.getMessage());

        e = assertThrows(UnsupportedJobException.class, () -> parse(edited(b -> b.editSpec().editTemplate().editSpec()
                .editFirstContainer().withWorkingDir("/tmp").endContainer().endSpec().endTemplate().endSpec())));
        assertTrue(e.getMessage().contains("spec.template.spec.containers[0].workingDir=\"/tmp\""), e.getMessage());
    }

    @Test
    void aValueTheRunnerCannotHonourFailsNamingFieldValueAndWhatIsAllowed() {
        UnsupportedJobException e = assertThrows(UnsupportedJobException.class, () -> parse(edited(b -> b.editSpec()
                .withBackoffLimit(2).endSpec())));
        assertTrue(e.getMessage().contains("spec.backoffLimit") && e.getMessage().contains("found 2"), e.getMessage());

        e = assertThrows(UnsupportedJobException.class, () -> parse(edited(b -> b.editSpec().editTemplate().editSpec()
                .editFirstContainer().withCommand("sh", "-c").endContainer().endSpec().endTemplate().endSpec())));
        assertTrue(e.getMessage().contains("command") && e.getMessage().contains("[drainer]"), e.getMessage());

        e = assertThrows(UnsupportedJobException.class, () -> parse(edited(b -> b.editSpec().editTemplate().editSpec()
                .editFirstContainer().addToEnv(new EnvVarBuilder().withName("NODE").withNewValueFrom().withNewFieldRef()
                        .withFieldPath("spec.nodeName").endFieldRef().endValueFrom().build()).endContainer().endSpec()
                .endTemplate().endSpec())));
        assertTrue(e.getMessage().contains("spec.template.spec.containers[0].env[1].valueFrom.fieldRef.fieldPath=\"spec.nodeName\""), e.getMessage());
    }

    @Test
    void anUnboundClaimOrAMissingSecretKeyFailsWithoutShowingTheSecret() {
        UnsupportedJobException e = assertThrows(UnsupportedJobException.class,
                () -> LocalJob.parse(job, client, Map.of(), tmp));
        assertTrue(e.getMessage().contains("volumes[2].persistentVolumeClaim.claimName")
                && e.getMessage().contains("bound to none"), e.getMessage());

        client.secrets().inNamespace(NS).withName(drainer.getMetadata().getName() + "-password").edit(s ->
                new SecretBuilder(s).withData(Map.of("other", Base64.getEncoder().encodeToString(
                        PASSWORD.getBytes(StandardCharsets.UTF_8)))).build());
        e = assertThrows(UnsupportedJobException.class, () -> parse(job));
        assertTrue(e.getMessage().contains("env[0].valueFrom.secretKeyRef") && e.getMessage().contains(
                "has no key \"password\"; its keys are [other]"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    }

    private static Drainer drainer(String name) {
        DrainerSpec spec = new DrainerSpec();
        spec.pd = new PdSpec();
        spec.pd.endpoints = List.of("http://pd:2379");
        spec.downstream = new DownstreamSpec();
        spec.downstream.host = "db";
        spec.downstream.passwordSecretRef = new SecretKeyRef();
        spec.downstream.passwordSecretRef.name = name + "-password";
        spec.downstream.passwordSecretRef.key = "password";
        Drainer d = new Drainer();
        d.setMetadata(new ObjectMetaBuilder().withNamespace(NS).withName(name).withUid(name + "-uid").build());
        d.setSpec(spec);
        return d;
    }
}
