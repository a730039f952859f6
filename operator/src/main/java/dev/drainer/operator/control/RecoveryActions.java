package dev.drainer.operator.control;

import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.decide.Decision;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import org.jboss.logging.Logger;

/** Carries out a decision's recovery actions, always after the status that announces them has been written. */
public final class RecoveryActions {
    private static final Logger LOG = Logger.getLogger(RecoveryActions.class);
    private final KubernetesClient client;

    public RecoveryActions(KubernetesClient client) {
        this.client = client;
    }

    /** Creates, deletes and force-deletes what {@code decision} says. */
    public void run(Drainer drainer, Decision decision) {
        String ns = drainer.getMetadata().getNamespace();
        decision.createJob().ifPresent(job -> {
            try {
                client.resource(job).create();
                LOG.infof("recovery job created drainer=%s/%s job=%s", ns, drainer.getMetadata().getName(),
                        job.getMetadata().getName());
            } catch (KubernetesClientException e) {
                // The name is per attempt: an existing Job is this attempt's, made by a run the cache had not seen.
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                    throw e;
                }
            }
        });
        for (String job : decision.deleteJobs()) {
            // Foreground: the Job stays visible (and counts as running) until its pod is gone.
            client.batch().v1().jobs().inNamespace(ns).withName(job)
                    .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
            LOG.infof("recovery job deleted drainer=%s/%s job=%s reason=stopped", ns, drainer.getMetadata().getName(),
                    job);
        }
        decision.forceDeletePod().ifPresent(pod -> {
            client.pods().inNamespace(ns).withName(pod).withGracePeriod(0).delete();
            LOG.warnf("drainer pod force-deleted drainer=%s/%s pod=%s", ns, drainer.getMetadata().getName(), pod);
        });
    }
}
