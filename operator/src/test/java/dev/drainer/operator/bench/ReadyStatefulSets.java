package dev.drainer.operator.bench;

import dev.drainer.operator.render.Labels;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The cheapest StatefulSet controller that lets a Drainer reach Running: one watch on the operator's StatefulSets,
 * and for each one whose ready replicas differ from its spec a status write that makes them all ready at once. No
 * pod objects: the operator judges a running drainer by the StatefulSet's ready replicas, and polling every object
 * (as the recovery tests' controllers do) would load the mock server more than the operator does.
 */
final class ReadyStatefulSets implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ReadyStatefulSets.class);
    private final KubernetesClient client;
    private final String namespace;
    // Status writes leave the watch thread, which must not block, in order.
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, "ready-statefulsets"));
    private final Watch watch;

    ReadyStatefulSets(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.watch = client.apps().statefulSets().inNamespace(namespace).withLabel(Labels.MANAGED_BY, Labels.OPERATOR)
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, StatefulSet sts) {
                        if (action != Action.DELETED && !settled(sts)) {
                            writer.execute(() -> markReady(sts.getMetadata().getName()));
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        LOG.warnf("statefulset watch closed namespace=%s cause=%s", namespace, cause.getMessage());
                    }
                });
    }

    private static boolean settled(StatefulSet sts) {
        int wanted = Objects.requireNonNullElse(sts.getSpec().getReplicas(), 1);
        return sts.getStatus() != null && Objects.equals(sts.getStatus().getReplicas(), wanted)
                && Objects.equals(sts.getStatus().getReadyReplicas(), wanted)
                && Objects.equals(sts.getStatus().getObservedGeneration(), sts.getMetadata().getGeneration());
    }

    private void markReady(String name) {
        try {
            client.apps().statefulSets().inNamespace(namespace).withName(name).editStatus(s -> {
                int wanted = Objects.requireNonNullElse(s.getSpec().getReplicas(), 1);
                s.setStatus(new StatefulSetStatusBuilder().withReplicas(wanted).withReadyReplicas(wanted)
                        .withObservedGeneration(s.getMetadata().getGeneration()).build());
                return s;
            });
        } catch (KubernetesClientException e) {
            // A conflict with the operator's own write: its MODIFIED event brings the StatefulSet back here.
            LOG.infof("statefulset status write failed name=%s error=%s", name, e.getMessage());
        }
    }

    @Override
    public void close() throws InterruptedException {
        watch.close();
        writer.shutdown();
        writer.awaitTermination(30, TimeUnit.SECONDS);
    }
}
