package dev.drainer.operator;

import static org.awaitility.Awaitility.await;

import dev.drainer.operator.api.DownstreamSpec;
import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerSpec;
import dev.drainer.operator.api.PdSpec;
import dev.drainer.operator.api.SecretKeyRef;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.List;

/** Drainers for tests. */
public final class Fixtures {
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
