package dev.drainer.operator.control;

import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerSpec;
import dev.drainer.operator.api.DrainerStatus;
import dev.drainer.operator.api.Phase;
import dev.drainer.operator.api.TlsSpec;
import dev.drainer.operator.decide.EventNote;
import dev.drainer.operator.observe.SecretTls;
import dev.drainer.operator.observe.TlsSecretException;
import dev.drainer.operator.observe.TlsSecretFiles;
import dev.drainer.operator.render.DesiredObjects;
import dev.drainer.operator.render.Labels;
import dev.drainer.operator.render.Names;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Deletion. A leftover {@code paused} registry record blocks every pump from going offline, so the node is
 * marked offline before the finalizer goes: {@code PUT /state/<id>/close} while the pod lives, then — once the
 * pod is gone, so that no heartbeat rewrites it — an etcd write via PD. Then the relay claim's retain policy is
 * honoured. Each step is recorded in the status before the next, irreversible one.
 */
public final class DrainerCleanup {
    private static final Logger LOG = Logger.getLogger(DrainerCleanup.class);
    private static final long RETRY_MILLIS = 2_000;

    private final KubernetesClient client;
    private final DrainerHttpApi http;
    private final NodeOffliner offliner;
    private final EventRecorder events;
    private final OperatorConfig config;
    private final TlsSecretFiles tlsFiles;

    public DrainerCleanup(KubernetesClient client, DrainerHttpApi http, NodeOffliner offliner, EventRecorder events,
                          OperatorConfig config, TlsSecretFiles tlsFiles) {
        this.tlsFiles = tlsFiles;
        this.client = client;
        this.http = http;
        this.offliner = offliner;
        this.events = events;
        this.config = config;
    }

    /** One step of deletion; reschedules itself until the finalizer can go. */
    public DeleteControl cleanup(Drainer drainer, Context<Drainer> context, Names names, Instant now) {
        DrainerStatus status = drainer.getStatus() == null ? new DrainerStatus() : drainer.getStatus().copy();
        if (status.phase != Phase.Deleting) {
            status.phase = Phase.Deleting;
            DrainerReconciler.writeStatus(drainer, context, status);
            status = status.copy();
        }
        Optional<DrainerSpec> spec = DrainerObserver.runningSpec(drainer);
        Pod pod = client.pods().inNamespace(names.namespace()).withName(names.pod()).get();
        if (status.offlineMarkedBy == null && pod != null && isRunning(pod)) {
            Optional<String> url;
            try {
                url = httpClose(drainer, spec, names, pod);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return DeleteControl.noFinalizerRemoval().rescheduleAfter(RETRY_MILLIS);
            }
            if (url.isPresent()) {
                status.offlineMarkedBy = "http";
                DrainerReconciler.writeStatus(drainer, context, status);
                status = status.copy();
                events.record(drainer, List.of(EventNote.normal("NodeClosing", "asked drainer " + names.nodeId()
                        + " to go offline (PUT " + url.get() + "/state/" + names.nodeId() + "/close)")), now);
            }
        }
        StatefulSet sts = client.apps().statefulSets().inNamespace(names.namespace()).withName(names.statefulSet())
                .get();
        if (sts != null && !Objects.equals(sts.getSpec().getReplicas(), 0)) {
            client.apps().statefulSets().inNamespace(names.namespace()).withName(names.statefulSet())
                    .edit(s -> {
                        s.getSpec().setReplicas(0);
                        return s;
                    });
        }
        if (pod != null) {
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(RETRY_MILLIS);
        }
        if (spec.isPresent() && !etcdOffline(drainer, context, spec.get(), names, status, now)) {
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(config.resyncInterval().toMillis());
        }
        spec.ifPresent(s -> relayClaim(s, names, drainer, now));
        return DeleteControl.defaultDelete();
    }

    /**
     * {@code PUT /state/<id>/close} to the running pod; the base URL it was sent to when the drainer accepted it,
     * empty when it failed (logged: the etcd write once the pod is gone still takes the node offline).
     */
    private Optional<String> httpClose(Drainer drainer, Optional<DrainerSpec> spec, Names names, Pod pod)
            throws InterruptedException {
        TlsSpec pdTls = spec.map(s -> s.pd.tls).orElse(null);
        String url = closeUrl(names, pod, pdTls != null);
        try {
            if (pdTls == null) {
                http.close(url, names.nodeId());
            } else {
                String ns = names.namespace();
                SecretTls tls = tlsFiles.files(drainer.getMetadata().getUid(), "spec.pd.tls", ns, pdTls,
                        name -> client.secrets().inNamespace(ns).withName(name).get()).orElseThrow();
                http.close(url, names.nodeId(), tls.sslContext());
            }
            return Optional.of(url);
        } catch (IOException | TlsSecretException | IllegalArgumentException e) {
            LOG.infof("drainer HTTP close failed drainer=%s/%s url=%s error=%s", names.namespace(),
                    names.drainer(), url, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Where the close goes: the pod's IP in plaintext; with {@code [security]} (spec.pd.tls) the pod's DNS name,
     * which its certificate must carry anyway since pumps verify it when they dial {@code advertise-addr}.
     */
    static String closeUrl(Names names, Pod pod, boolean tls) {
        return tls ? "https://" + names.podHost() + ":" + port(pod)
                : "http://" + pod.getStatus().getPodIP() + ":" + port(pod);
    }

    /**
     * Writes offline to the registry now that no drainer process can heartbeat over it. Without PD this fails,
     * unless the HTTP close already did the job or the Drainer carries the skip-offline annotation.
     */
    private boolean etcdOffline(Drainer drainer, Context<Drainer> context, DrainerSpec spec, Names names,
                                DrainerStatus status, Instant now) {
        try {
            String ns = names.namespace();
            Optional<SecretTls> tls = tlsFiles.files(drainer.getMetadata().getUid(), "spec.pd.tls", ns, spec.pd.tls,
                    name -> client.secrets().inNamespace(ns).withName(name).get());
            String result = offliner.markOffline(spec.pd.endpoints, tls, names.nodeId(), config.pdProbeTimeout());
            status.offlineMarkedBy = status.offlineMarkedBy == null ? "etcd (" + result + ")"
                    : status.offlineMarkedBy + ", etcd (" + result + ")";
            DrainerReconciler.writeStatus(drainer, context, status);
            events.record(drainer, List.of(EventNote.normal("NodeOffline", "registry record of " + names.nodeId()
                    + ": " + result)), now);
            return true;
        } catch (Exception e) {
            boolean skip = "true".equals(drainer.getMetadata().getAnnotations() == null ? null
                    : drainer.getMetadata().getAnnotations().get(Labels.SKIP_OFFLINE));
            if (status.offlineMarkedBy != null || skip) {
                return true;
            }
            events.record(drainer, List.of(EventNote.warning("OfflineFailed", "cannot mark " + names.nodeId()
                    + " offline through PD (" + e.getMessage() + "); retrying. Annotate the Drainer with "
                    + Labels.SKIP_OFFLINE + "=true to delete it anyway")), now);
            return false;
        }
    }

    private void relayClaim(DrainerSpec spec, Names names, Drainer drainer, Instant now) {
        if (!spec.relayLog.enabled || spec.relayLog.existingClaim != null) {
            return;
        }
        if (spec.relayLog.retainOnDelete) {
            events.record(drainer, List.of(EventNote.normal("RelayClaimRetained", "kept PersistentVolumeClaim "
                    + names.relayClaim() + " (retainOnDelete)")), now);
            return;
        }
        client.persistentVolumeClaims().inNamespace(names.namespace()).withName(names.relayClaim()).delete();
    }

    private static boolean isRunning(Pod pod) {
        return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())
                && pod.getStatus().getPodIP() != null && pod.getMetadata().getDeletionTimestamp() == null;
    }

    /** The port the pod declares for the drainer API (8249 in every pod the operator builds). */
    private static int port(Pod pod) {
        return pod.getSpec().getContainers().stream().flatMap(c -> c.getPorts().stream())
                .filter(p -> DesiredObjects.PORT_NAME.equals(p.getName())).map(ContainerPort::getContainerPort)
                .findFirst().orElse(Names.PORT);
    }
}
