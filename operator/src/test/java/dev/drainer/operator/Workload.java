package dev.drainer.operator;

import dev.drainer.operator.render.DesiredObjects;
import dev.drainer.operator.render.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;

/** Pods, StatefulSets and Jobs in the states the recovery tests need, as the controllers would leave them. */
public final class Workload {
    private Workload() {
    }

    /** A StatefulSet with {@code replicas} in its spec and {@code current} pods in its status. */
    public static StatefulSet statefulSet(String name, int replicas, int current) {
        return new StatefulSetBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withReplicas(replicas).endSpec().withNewStatus().withReplicas(current).withReadyReplicas(current)
                .endStatus().build();
    }

    /** The drainer pod {@code <drainer>-0}, running or terminating. */
    public static Pod drainerPod(String drainer, boolean terminating) {
        return new PodBuilder().withNewMetadata().withName(drainer + "-0").withLabels(Labels.of(drainer))
                .withDeletionTimestamp(terminating ? "2026-03-01T09:00:00Z" : null).endMetadata()
                .withNewSpec().withNodeName("node-a").endSpec()
                .withNewStatus().withPhase("Running").endStatus().build();
    }

    /** A recovery Job still running. */
    public static Job activeJob(String name) {
        return new JobBuilder().withNewMetadata().withName(name).withCreationTimestamp("2026-03-01T09:59:00Z")
                .endMetadata().withNewStatus().withActive(1).endStatus().build();
    }

    /** A finished recovery Job: Complete for exit 0, Failed otherwise. */
    public static Job finishedJob(String name, int exitCode) {
        JobBuilder b = new JobBuilder().withNewMetadata().withName(name).withCreationTimestamp("2026-03-01T09:59:00Z")
                .endMetadata();
        return exitCode == 0
                ? b.withNewStatus().withSucceeded(1).addNewCondition().withType("Complete").withStatus("True")
                .endCondition().endStatus().build()
                : b.withNewStatus().withFailed(1).addNewCondition().withType("Failed").withStatus("True")
                .withReason("BackoffLimitExceeded").endCondition().endStatus().build();
    }

    /** A Job killed at its activeDeadlineSeconds: Failed, reason DeadlineExceeded, its pod gone. */
    public static Job deadlineJob(String name) {
        return new JobBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus().withFailed(1)
                .addNewCondition().withType("Failed").withStatus("True").withReason("DeadlineExceeded").endCondition()
                .endStatus().build();
    }

    /** The pod of a recovery Job: running (exit code null) or terminated with {@code exitCode}. */
    public static Pod jobPod(String drainer, String job, Integer exitCode) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(job + "-x").withLabels(Labels.recovery(drainer))
                .addNewOwnerReference().withKind("Job").withName(job).withApiVersion("batch/v1").endOwnerReference()
                .endMetadata();
        if (exitCode == null) {
            return b.withNewStatus().withPhase("Running").endStatus().build();
        }
        return b.withNewStatus().withPhase(exitCode == 0 ? "Succeeded" : "Failed").addNewContainerStatus()
                .withName(DesiredObjects.CONTAINER).withNewState().withNewTerminated().withExitCode(exitCode)
                .endTerminated().endState().endContainerStatus().endStatus().build();
    }
}
