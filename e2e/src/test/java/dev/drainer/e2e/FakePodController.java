package dev.drainer.e2e;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The StatefulSet controller and kubelet, reduced to what a fence needs: a StatefulSet with replicas gets its pod
 * {@code <name>-0} (running, never ready: the drainer it stands for is the one killed earlier, restarting while PD
 * is down); scaled to 0, the pod is deleted and {@code status.replicas} becomes 0.
 */
final class FakePodController implements AutoCloseable {
    private final KubernetesClient client;
    private final String namespace;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "e2e-fake-pods");
        t.setDaemon(true);
        return t;
    });
    private final List<String> deletedPods = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private SharedIndexInformer<StatefulSet> informer;

    FakePodController(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    FakePodController start() {
        informer = client.apps().statefulSets().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(StatefulSet s) {
                executor.execute(() -> safely(s.getMetadata().getName()));
            }

            @Override
            public void onUpdate(StatefulSet old, StatefulSet s) {
                executor.execute(() -> safely(s.getMetadata().getName()));
            }

            @Override
            public void onDelete(StatefulSet s, boolean unknownFinalState) {
            }
        }, 0);
        return this;
    }

    /** The pods deleted because their StatefulSet went to 0, in order. */
    List<String> deletedPods() {
        return List.copyOf(deletedPods);
    }

    /** What went wrong while the controller ran; the test fails on any. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    private void safely(String name) {
        try {
            reconcile(name);
        } catch (RuntimeException e) {
            if (!closed) {
                failures.add("StatefulSet " + namespace + "/" + name + ": " + e);
            }
        }
    }

    private void reconcile(String name) {
        StatefulSet s = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
        if (s == null) {
            return;
        }
        int want = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
        String podName = name + "-0";
        Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
        if (want > 0 && pod == null) {
            client.resource(new PodBuilder().withNewMetadata().withName(podName).withNamespace(namespace)
                    .withLabels(s.getSpec().getTemplate().getMetadata().getLabels())
                    .withAnnotations(s.getSpec().getTemplate().getMetadata().getAnnotations())
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("StatefulSet")
                            .withName(name).withUid(s.getMetadata().getUid()).withController(true).build())
                    .endMetadata().withSpec(s.getSpec().getTemplate().getSpec()).build()).create();
            client.pods().inNamespace(namespace).withName(podName).editStatus(p -> new PodBuilder(p)
                    .editOrNewStatus().withPhase("Running").endStatus().build());
        } else if (want == 0 && pod != null) {
            client.pods().inNamespace(namespace).withName(podName).withGracePeriod(0).delete();
            deletedPods.add(podName);
        }
        int have = want > 0 ? 1 : 0;
        Integer shown = s.getStatus() == null ? null : s.getStatus().getReplicas();
        if (!Objects.equals(shown, have)) {
            client.apps().statefulSets().inNamespace(namespace).withName(name).editStatus(x -> new StatefulSetBuilder(x)
                    .editOrNewStatus().withReplicas(have).withReadyReplicas(0).withCurrentReplicas(have).endStatus()
                    .build());
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        if (informer != null) {
            informer.close();
        }
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
