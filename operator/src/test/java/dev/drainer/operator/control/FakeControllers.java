package dev.drainer.operator.control;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.operator.rbac.ApiRequestLog;
import dev.drainer.operator.render.DesiredObjects;
import dev.drainer.operator.render.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * What the mock API server lacks: a StatefulSet controller (pod {@code <name>-0} ready when scaled to 1, deleted
 * when scaled to 0), a Job controller that runs each recovery Job's pod to the exit code the scenario gives and,
 * for exit 0, writes {@code consistent=true} into the real checkpoint row as {@code drainer recover} does, and the
 * garbage collector for pods whose owner is gone. A lost node is modelled by a kubelet finalizer: the pod stays
 * Terminating until a force delete (grace period 0) or the test lifts it.
 */
final class FakeControllers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FakeControllers.class);
    /** Stands for the kubelet of a lost node that never confirms the pod's termination. */
    static final String LOST_NODE_FINALIZER = "test.drainer.dev/kubelet-on-lost-node";
    private static final long TICK_MILLIS = 150;

    /** How one Drainer's workloads behave. */
    static final class Behaviour {
        /** Exit codes of successive recovery Jobs; when none is left, a Job runs until deleted. */
        final Deque<Integer> exits = new ArrayDeque<>();
        /** Where {@code drainer recover} (exit 0) leaves the checkpoint: consistent at this commit ts. */
        long recoveredTs;
        CheckpointStore checkpoint;
        /** The drainer pod sits on a lost node: deleting it leaves it Terminating. */
        volatile boolean lostNode;
        /** Every Job seen, in creation order. */
        final List<String> jobs = new CopyOnWriteArrayList<>();
    }

    private final KubernetesClient client;
    private final String namespace;
    private final ApiRequestLog requests;
    private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
    private final Thread loop;
    private volatile boolean open = true;

    FakeControllers(KubernetesClient harness, String namespace, ApiRequestLog requests) {
        this.client = harness;
        this.namespace = namespace;
        this.requests = requests;
        loop = new Thread(this::run, "fake-controllers");
        loop.setDaemon(true);
        loop.start();
    }

    /** Registers the behaviour of Drainer {@code drainer}; Drainers without one get a plain cluster. */
    Behaviour behaviour(String drainer) {
        return behaviours.computeIfAbsent(drainer, d -> new Behaviour());
    }

    private void run() {
        while (open) {
            step("statefulsets", () -> client.apps().statefulSets().inNamespace(namespace)
                    .withLabel(Labels.MANAGED_BY, Labels.OPERATOR).list().getItems()
                    .forEach(s -> step("statefulset " + s.getMetadata().getName(), () -> statefulSet(s))));
            step("jobs", () -> client.batch().v1().jobs().inNamespace(namespace)
                    .withLabel(Labels.MANAGED_BY, Labels.OPERATOR).list().getItems()
                    .forEach(j -> step("job " + j.getMetadata().getName(), () -> job(j))));
            step("garbage collection", this::collectGarbage);
            try {
                Thread.sleep(TICK_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One object's step; a failure (often a conflict with the operator's own write) is retried next tick. */
    private static void step(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.infof("fake controller step failed object=%s error=%s", what, e.getMessage());
        }
    }

    private void statefulSet(StatefulSet sts) {
        String name = sts.getMetadata().getName();
        String podName = name + "-0";
        Behaviour b = behaviour(name);
        Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
        int wanted = Objects.requireNonNullElse(sts.getSpec().getReplicas(), 1);
        if (wanted > 0 && pod == null) {
            PodBuilder p = new PodBuilder().withNewMetadata().withName(podName).withNamespace(namespace)
                    .withLabels(sts.getSpec().getTemplate().getMetadata().getLabels())
                    .withFinalizers(b.lostNode ? List.of(LOST_NODE_FINALIZER) : List.of()).endMetadata()
                    .withSpec(sts.getSpec().getTemplate().getSpec()).editSpec().withNodeName("node-a").endSpec();
            pod = client.resource(p.build()).create();
            pod = setPodStatus(pod, new PodStatusBuilder().withPhase("Running").withPodIP("127.0.0.1")
                    .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
        } else if (wanted == 0 && pod != null) {
            if (pod.getMetadata().getDeletionTimestamp() == null) {
                client.resource(pod).delete();
            } else if (forceDeleted(podName)) {
                // A force delete does not wait for the kubelet: the API server removes the object at once.
                client.pods().inNamespace(namespace).withName(podName).edit(p -> {
                    p.getMetadata().setFinalizers(List.of());
                    return p;
                });
            }
            pod = client.pods().inNamespace(namespace).withName(podName).get();
        }
        int current = pod == null ? 0 : 1;
        int ready = pod != null && pod.getMetadata().getDeletionTimestamp() == null ? 1 : 0;
        if (sts.getStatus() == null || !Objects.equals(sts.getStatus().getReplicas(), current)
                || !Objects.equals(sts.getStatus().getReadyReplicas(), ready)) {
            client.apps().statefulSets().inNamespace(namespace).withName(name).editStatus(s -> {
                s.setStatus(new StatefulSetStatusBuilder().withReplicas(current).withReadyReplicas(ready)
                        .withObservedGeneration(s.getMetadata().getGeneration()).build());
                return s;
            });
        }
    }

    /** The operator deletes a drainer pod only to force it (grace period 0); the StatefulSet deletes are ours. */
    private boolean forceDeleted(String pod) {
        return requests.operatorSent("DELETE", "/api/v1/namespaces/" + namespace + "/pods/" + pod, 0) > 0;
    }

    private void job(Job job) {
        String name = job.getMetadata().getName();
        String drainer = job.getMetadata().getLabels().get(Labels.DRAINER);
        Behaviour b = behaviour(drainer);
        if (!b.jobs.contains(name)) {
            b.jobs.add(name);
        }
        if (job.getMetadata().getDeletionTimestamp() != null || job.getStatus() != null
                && (job.getStatus().getSucceeded() != null || job.getStatus().getFailed() != null)) {
            return;
        }
        String podName = name + "-pod";
        Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
        if (pod == null) {
            pod = client.resource(new PodBuilder().withNewMetadata().withName(podName).withNamespace(namespace)
                    .withLabels(job.getSpec().getTemplate().getMetadata().getLabels()).addNewOwnerReference()
                    .withApiVersion("batch/v1").withKind("Job").withName(name).withUid(job.getMetadata().getUid())
                    .withController(true).endOwnerReference().endMetadata()
                    .withSpec(job.getSpec().getTemplate().getSpec()).build()).create();
            setPodStatus(pod, new PodStatusBuilder().withPhase("Running").build());
            setJobStatus(name, new JobStatusBuilder().withActive(1).build());
            return;
        }
        if (b.exits.isEmpty()) {
            return;
        }
        int exit = b.exits.poll();
        if (exit == 0) {
            recover(job, b);
        }
        setPodStatus(pod, new PodStatusBuilder().withPhase(exit == 0 ? "Succeeded" : "Failed")
                .addNewContainerStatus().withName(DesiredObjects.CONTAINER).withNewState().withNewTerminated()
                .withExitCode(exit).endTerminated().endState().endContainerStatus().build());
        setJobStatus(name, exit == 0
                ? new JobStatusBuilder().withSucceeded(1).addNewCondition().withType("Complete").withStatus("True")
                .endCondition().build()
                : new JobStatusBuilder().withFailed(1).addNewCondition().withType("Failed").withStatus("True")
                .withReason("BackoffLimitExceeded").endCondition().build());
    }

    /** What {@code drainer recover} leaves behind: the row of the Job's {@code -cluster-id}, consistent=true. */
    private static void recover(Job job, Behaviour b) {
        List<String> args = job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        long clusterId = Long.parseUnsignedLong(args.get(args.indexOf("-cluster-id") + 1));
        try {
            b.checkpoint.save(clusterId, Checkpoint.at(b.recoveredTs, true));
        } catch (Exception e) {
            throw new IllegalStateException("fake drainer recover could not write the checkpoint of cluster "
                    + clusterId + ": " + e.getMessage(), e);
        }
    }

    /** Pods whose Job is gone (deleted by the operator or its TTL) go, as the garbage collector removes them. */
    private void collectGarbage() {
        Set<String> jobs = Set.copyOf(client.batch().v1().jobs().inNamespace(namespace).list().getItems().stream()
                .map(j -> j.getMetadata().getName()).toList());
        List<Pod> orphans = new ArrayList<>();
        for (Pod p : client.pods().inNamespace(namespace).withLabel(Labels.COMPONENT, Labels.RECOVERY).list()
                .getItems()) {
            if (p.getMetadata().getOwnerReferences().stream().noneMatch(r -> jobs.contains(r.getName()))) {
                orphans.add(p);
            }
        }
        orphans.forEach(p -> client.resource(p).delete());
    }

    private Pod setPodStatus(Pod pod, PodStatus status) {
        return client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).editStatus(p -> {
            p.setStatus(status);
            return p;
        });
    }

    private void setJobStatus(String job, io.fabric8.kubernetes.api.model.batch.v1.JobStatus status) {
        client.batch().v1().jobs().inNamespace(namespace).withName(job).editStatus(j -> {
            j.setStatus(status);
            return j;
        });
    }

    @Override
    public void close() throws InterruptedException {
        open = false;
        loop.join();
    }
}
