package dev.drainer.operator.control;

import dev.drainer.operator.render.Desired;
import dev.drainer.operator.render.Hashes;
import dev.drainer.operator.render.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Optional;

/**
 * Writes desired objects: server-side apply in production, create-or-update where SSA is unavailable (the test
 * mock server). An object whose desired-hash annotation already matches is not written at all, so reconciling
 * an unchanged Drainer causes no writes and no watch events.
 */
public final class ResourceApplier {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private final KubernetesClient client;
    private final boolean serverSideApply;

    public ResourceApplier(KubernetesClient client, boolean serverSideApply) {
        this.client = client;
        this.serverSideApply = serverSideApply;
    }

    /** Applies all of {@code desired}; the current objects are the operator's informer view. */
    public void apply(Desired desired, Optional<? extends HasMetadata> configMap, Optional<? extends HasMetadata> service,
                      Optional<PersistentVolumeClaim> claim, Optional<? extends HasMetadata> statefulSet) {
        apply(desired.configMap(), configMap);
        apply(desired.service(), service);
        // A claim's spec is immutable once bound: create it when missing, never update it.
        desired.relayClaim().filter(c -> claim.isEmpty() && client.resource(c).get() == null)
                .ifPresent(c -> client.resource(c).create());
        apply(desired.statefulSet(), statefulSet);
    }

    private void apply(HasMetadata desired, Optional<? extends HasMetadata> current) {
        String hash = Hashes.of(JSON.asJson(desired));
        if (current.map(c -> hash.equals(c.getMetadata().getAnnotations() == null ? null
                : c.getMetadata().getAnnotations().get(Labels.DESIRED_HASH))).orElse(false)) {
            return;
        }
        desired.getMetadata().getAnnotations().put(Labels.DESIRED_HASH, hash);
        if (serverSideApply) {
            client.resource(desired).fieldManager(Labels.OPERATOR).forceConflicts().serverSideApply();
        } else if (current.isPresent()) {
            desired.getMetadata().setResourceVersion(current.get().getMetadata().getResourceVersion());
            client.resource(desired).update();
        } else {
            client.resource(desired).createOr(existing -> existing.update());
        }
    }
}
