package dev.drainer.operator;

import static org.awaitility.Awaitility.await;

import dev.drainer.operator.api.DownstreamSpec;
import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerSpec;
import dev.drainer.operator.api.PdSpec;
import dev.drainer.operator.api.SecretKeyRef;
import dev.drainer.operator.render.Names;
import dev.drainer.operator.validate.SpecValidator;
import dev.drainer.operator.validate.Violation;
import dev.drainer.testkit.db.MariaDb;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;
import java.util.List;

/** Drainers for tests. */
public final class Fixtures {
    /** What the observer finds wrong with {@code d}'s spec, as an observation carries it. */
    public static List<Violation> violations(Drainer d) {
        return SpecValidator.validate(d.getSpec(), new Names(d.getMetadata().getName(), d.getMetadata().getNamespace()));
    }

    private Fixtures() {
    }

    /** A valid Drainer with every default, downstream {@code db:3306}, PD {@code http://pd:2379}. */
    public static Drainer drainer(String namespace, String name) {
        DrainerSpec spec = new DrainerSpec();
        spec.pd = new PdSpec();
        spec.pd.endpoints = List.of("http://pd:2379");
        spec.downstream = new DownstreamSpec();
        spec.downstream.host = "db";
        spec.downstream.passwordSecretRef = new SecretKeyRef();
        spec.downstream.passwordSecretRef.name = name + "-password";
        Drainer d = new Drainer();
        d.setMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name).withUid(name + "-uid")
                .withGeneration(1L).withCreationTimestamp("2026-01-01T00:00:00Z").build());
        d.setSpec(spec);
        return d;
    }

    /** {@link #drainer} as a new object for an API server: no uid, generation or creation time. */
    public static Drainer toCreate(String namespace, String name) {
        Drainer d = drainer(namespace, name);
        d.getMetadata().setUid(null);
        d.getMetadata().setGeneration(null);
        d.getMetadata().setCreationTimestamp(null);
        return d;
    }

    /** {@link #toCreate} pointed at a running PD and a real downstream (the root user of {@code db}). */
    public static Drainer toCreate(String namespace, String name, String pdEndpoint, MariaDb db) {
        Drainer d = toCreate(namespace, name);
        d.getSpec().pd.endpoints = List.of(pdEndpoint);
        d.getSpec().downstream.host = db.host();
        d.getSpec().downstream.port = db.port();
        d.getSpec().downstream.user = db.user();
        return d;
    }

    /** Creates the Secret {@code <name>-password} that {@link #drainer}'s spec refers to. */
    public static void createPasswordSecret(KubernetesClient client, String namespace, String name, String password) {
        client.resource(new SecretBuilder().withNewMetadata().withName(name + "-password").withNamespace(namespace)
                .endMetadata().withData(Map.of("password", Base64.getEncoder().encodeToString(
                        password.getBytes(StandardCharsets.UTF_8)))).build()).create();
    }

    /** Edits a Drainer's spec, retrying while the operator writes it in between (finalizer, status: 409). */
    public static void edit(KubernetesClient client, String namespace, String name, Consumer<Drainer> change,
                            Duration wait) {
        await().atMost(wait).until(() -> {
            try {
                client.resources(Drainer.class).inNamespace(namespace).withName(name).edit(d -> {
                    change.accept(d);
                    return d;
                });
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    return false;
                }
                throw e;
            }
        });
    }
}
