package dev.drainer.operator.control;

import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerStatus;
import dev.drainer.operator.decide.Decision;
import dev.drainer.operator.decide.DrainerPlanner;
import dev.drainer.operator.decide.RowClaims;
import dev.drainer.operator.render.Labels;
import dev.drainer.operator.render.Names;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The Drainer controller: observe (informer caches, PD, checkpoint) → decide ({@link DrainerPlanner}, pure) →
 * act (status first, then the owned objects, then the recovery's Job actions, then events). Deletion is
 * {@link DrainerCleanup}'s.
 */
// No @RBACRule: the only grant is the Helm chart's rules file, measured from the operator's requests
// (charts/drainer-operator/files/rbac-rules.yaml, RecoverySequenceTest), so there is one source of RBAC.
@ControllerConfiguration(name = "drainer")
public class DrainerReconciler implements Reconciler<Drainer>, Cleaner<Drainer> {
    private static final Logger LOG = Logger.getLogger(DrainerReconciler.class);

    private final OperatorConfig config;
    private final DrainerObserver observer;
    private final ResourceApplier applier;
    private final EventRecorder events;
    private final DrainerMetrics metrics;
    private final DrainerCleanup cleanup;
    private final RecoveryActions recovery;
    private final Clock clock;

    public DrainerReconciler(OperatorConfig config, DrainerObserver observer, ResourceApplier applier,
                             EventRecorder events, DrainerMetrics metrics, DrainerCleanup cleanup,
                             RecoveryActions recovery, Clock clock) {
        this.config = config;
        this.observer = observer;
        this.applier = applier;
        this.events = events;
        this.metrics = metrics;
        this.cleanup = cleanup;
        this.recovery = recovery;
        this.clock = clock;
    }

    @Override
    public List<EventSource<?, Drainer>> prepareEventSources(EventSourceContext<Drainer> context) {
        context.getPrimaryCache().addIndexer(RowClaims.TABLE_INDEX, d -> RowClaims.tableKey(d).stream().toList());
        return List.of(owned(ConfigMap.class, context), owned(Service.class, context),
                owned(StatefulSet.class, context), owned(PersistentVolumeClaim.class, context),
                owned(Job.class, context), owned(Pod.class, context));
    }

    /** An informer on the objects the operator made, mapped back through the drainer label. */
    private static <R extends HasMetadata> EventSource<R, Drainer> owned(Class<R> type, EventSourceContext<Drainer> c) {
        return new InformerEventSource<>(InformerEventSourceConfiguration.from(type, Drainer.class)
                .withNamespacesInheritedFromController().withLabelSelector(Labels.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper(r -> Optional.ofNullable(r.getMetadata().getLabels())
                        .map(l -> l.get(Labels.DRAINER))
                        .map(name -> Set.of(new ResourceID(name, r.getMetadata().getNamespace()))).orElse(Set.of()))
                .build(), c);
    }

    @Override
    public UpdateControl<Drainer> reconcile(Drainer drainer, Context<Drainer> context) {
        Instant now = clock.instant();
        Decision decision = DrainerPlanner.decide(observer.observe(drainer, context, now));
        DrainerStatus before = drainer.getStatus();
        // Status first: it carries the last valid spec that the objects below are built from, and it is the
        // recovery's write-ahead log (Fencing before the scale-down, the Job's name before the Job).
        writeStatus(drainer, context, decision.status());
        decision.desired().ifPresent(d -> applier.apply(d, context.getSecondaryResource(ConfigMap.class),
                context.getSecondaryResource(Service.class), context.getSecondaryResource(PersistentVolumeClaim.class),
                context.getSecondaryResource(StatefulSet.class)));
        recovery.run(drainer, decision);
        events.record(drainer, decision.events(), now);
        metrics.update(drainer, before, decision.status(), now);
        LOG.debugf("reconciled drainer=%s/%s phase=%s generation=%d", drainer.getMetadata().getNamespace(),
                drainer.getMetadata().getName(), decision.status().phase, decision.status().observedGeneration);
        return UpdateControl.<Drainer>noUpdate().rescheduleAfter(config.resyncInterval());
    }

    @Override
    public ErrorStatusUpdateControl<Drainer> updateErrorStatus(Drainer drainer, Context<Drainer> context,
                                                               Exception e) {
        metrics.reconcileError(drainer);
        LOG.warnf("reconcile failed drainer=%s/%s error=%s", drainer.getMetadata().getNamespace(),
                drainer.getMetadata().getName(), e.toString());
        return ErrorStatusUpdateControl.defaultErrorProcessing();
    }

    @Override
    public DeleteControl cleanup(Drainer drainer, Context<Drainer> context) {
        DeleteControl control = cleanup.cleanup(drainer, context, new Names(drainer.getMetadata().getName(),
                drainer.getMetadata().getNamespace()), clock.instant());
        if (control.isRemoveFinalizer()) {
            observer.forget(drainer);
            metrics.forget(drainer);
        }
        return control;
    }

    /**
     * Writes {@code status} if it changed: a a status update with optimistic locking, cached for the next reconcile. A
     * conflict is not retried here: the status was decided from what is now stale, so the whole reconcile is
     * retried (observe and decide again).
     */
    static void writeStatus(Drainer drainer, Context<Drainer> context, DrainerStatus status) {
        if (status.equals(drainer.getStatus())) {
            return;
        }
        Drainer written = PrimaryUpdateAndCacheUtils.updateAndCacheResource(drainer, context, d -> {
            d.setStatus(status);
            return d;
        }, d -> context.getClient().resource(d).updateStatus(), 0, 0, 0);
        drainer.setStatus(status);
        drainer.getMetadata().setResourceVersion(written.getMetadata().getResourceVersion());
    }
}
