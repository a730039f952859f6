package dev.drainer.operator.render;

import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerSpec;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The recovery Job: {@code drainer recover} in the drainer's image, with its ConfigMap, password Secret, relay
 * claim and uid/gid/fsGroup. One pod, no retries by Kubernetes ({@code backoffLimit: 0}): the operator judges
 * every attempt and decides about the next one.
 */
public final class RecoveryJob {
    private RecoveryJob() {
    }

    /**
     * @param clusterId the upstream cluster id, or null when it was never learned (then the checkpoint table must
     *                  hold exactly one row, which {@code drainer recover} checks)
     */
    public static Job build(Drainer owner, DrainerSpec spec, String toml, int attempt, String clusterId) {
        Names names = new Names(owner.getMetadata().getName(), owner.getMetadata().getNamespace());
        List<String> args = new ArrayList<>(List.of("recover", "-config",
                DrainerToml.CONFIG_DIR + "/" + DrainerToml.FILE));
        if (clusterId != null) {
            args.addAll(List.of("-cluster-id", clusterId));
        }
        ObjectMeta meta = DesiredObjects.meta(names.recoveryJob(attempt), names, DesiredObjects.ownerRef(owner));
        meta.setLabels(Labels.recovery(names.drainer()));
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(Labels.SPEC_HASH, Hashes.of(toml + "\0" + spec.image + "\0" + args));
        annotations.put(Labels.ATTEMPT, Integer.toString(attempt));
        meta.setAnnotations(annotations);
        var resources = spec.recovery.job.resources != null ? spec.recovery.job.resources : spec.resources;
        return new JobBuilder().withMetadata(meta).withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(spec.recovery.job.activeDeadlineSeconds)
                .withTtlSecondsAfterFinished((int) Math.min(Integer.MAX_VALUE, spec.recovery.job.ttlSecondsAfterFinished))
                .withNewTemplate().withNewMetadata().withLabels(Labels.recovery(names.drainer())).endMetadata()
                .withSpec(DesiredObjects.podSpec(spec, names, DesiredObjects.drainerContainer(spec, resources)
                        .withArgs(args).build()).withRestartPolicy("Never").build())
                .endTemplate().endSpec().build();
    }
}
