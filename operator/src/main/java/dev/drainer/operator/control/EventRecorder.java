package dev.drainer.operator.control;

import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.decide.EventNote;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/** Records planner events as core/v1 Events on the Drainer (kubectl describe drn shows them). */
public final class EventRecorder {
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    private final KubernetesClient client;

    public EventRecorder(KubernetesClient client) {
        this.client = client;
    }

    /** Records each note; a failure to record is logged, never fails the reconcile. */
    public void record(Drainer drainer, List<EventNote> notes, Instant now) {
        for (EventNote n : notes) {
            String ns = drainer.getMetadata().getNamespace();
            try {
                client.v1().events().inNamespace(ns).resource(new EventBuilder().withNewMetadata()
                        .withName(drainer.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
                        .withNamespace(ns).endMetadata()
                        .withNewInvolvedObject().withApiVersion(drainer.getApiVersion()).withKind(drainer.getKind())
                        .withName(drainer.getMetadata().getName()).withNamespace(ns)
                        .withUid(drainer.getMetadata().getUid()).endInvolvedObject()
                        .withType(n.type()).withReason(n.reason()).withMessage(n.message())
                        .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString()).withCount(1)
                        .withNewSource().withComponent("drainer-operator").endSource().build()).create();
            } catch (KubernetesClientException e) {
                LOG.warnf("event not recorded drainer=%s/%s reason=%s error=%s", ns, drainer.getMetadata().getName(),
                        n.reason(), e.getMessage());
            }
        }
    }
}
