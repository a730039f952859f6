package dev.drainer.operator.control;

import dev.drainer.config.GoDuration;
import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerSpec;
import dev.drainer.operator.api.Phase;
import dev.drainer.operator.api.SecretKeyRef;
import dev.drainer.operator.decide.Observation;
import dev.drainer.operator.decide.RowClaims;
import dev.drainer.operator.decide.Workloads;
import dev.drainer.operator.observe.CheckpointReader;
import dev.drainer.operator.observe.CheckpointReading;
import dev.drainer.operator.observe.CheckpointSource;
import dev.drainer.operator.observe.ObservationThrottle;
import dev.drainer.operator.observe.PdProbe;
import dev.drainer.operator.observe.PdProbeResult;
import dev.drainer.operator.observe.SecretData;
import dev.drainer.operator.observe.SecretTls;
import dev.drainer.operator.observe.TlsSecretException;
import dev.drainer.operator.observe.TlsSecretFiles;
import dev.drainer.operator.render.DesiredObjects;
import dev.drainer.operator.render.Hashes;
import dev.drainer.operator.render.Labels;
import dev.drainer.operator.render.Names;
import dev.drainer.operator.validate.SpecValidator;
import dev.drainer.operator.validate.Violation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gathers one reconcile's {@link Observation}: the password Secret (read directly), StatefulSet, pods and recovery
 * Jobs from the informer caches, and PD and the checkpoint row from outside, each at most once per configured
 * interval (the checkpoint in every round of an active recovery).
 */
public final class DrainerObserver {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private static final int LOG_TAIL_LINES = 20;
    private final OperatorConfig config;
    private final KubernetesClient client;
    private final PdProbe pdProbe;
    private final CheckpointReader checkpointReader;
    private final ObservationThrottle pdThrottle;
    private final ObservationThrottle checkpointThrottle;
    private final TlsSecretFiles tlsFiles;

    public DrainerObserver(OperatorConfig config, KubernetesClient client, PdProbe pdProbe,
                           CheckpointReader checkpointReader, TlsSecretFiles tlsFiles) {
        this.config = config;
        this.client = client;
        this.pdProbe = pdProbe;
        this.checkpointReader = checkpointReader;
        this.tlsFiles = tlsFiles;
        this.pdThrottle = new ObservationThrottle(config.pdProbeInterval());
        this.checkpointThrottle = new ObservationThrottle(config.checkpointInterval());
    }

    /** Observes {@code d} now. */
    public Observation observe(Drainer d, Context<Drainer> context, Instant now) {
        List<Violation> violations = SpecValidator.validate(d.getSpec(), names(d));
        Optional<DrainerSpec> running = runningSpec(d, violations);
        // A GET each round, not an informer: the operator's RBAC stays get-only on Secrets (no list/watch of every
        // Secret in the namespace), and a password change is seen within one resync interval.
        Optional<Secret> secret = running.map(s -> client.secrets().inNamespace(d.getMetadata().getNamespace())
                .withName(s.downstream.passwordSecretRef.name).get());
        Optional<String> password = running.flatMap(s -> secret.flatMap(x -> value(x, s.downstream.passwordSecretRef)));
        Optional<String> secretHash = password.isPresent() ? secret.map(DrainerObserver::dataHash) : Optional.empty();
        String key = d.getMetadata().getUid();
        Optional<PdProbeResult> pd = running.filter(s -> pdThrottle.due(key, now, probeInterval(s)))
                .map(s -> probePd(d, s, context));
        String clusterId = pd.filter(PdProbeResult::reachable).map(PdProbeResult::clusterId)
                .orElse(d.getStatus() == null ? null : d.getStatus().clusterID);
        Phase phase = d.getStatus() == null ? null : d.getStatus().phase;
        boolean recovering = phase != null && phase.recoveryActive();
        // During a recovery every round reads the checkpoint: each step is judged on a read after the last one.
        Optional<CheckpointReading> checkpoint = running.filter(s -> password.isPresent())
                .filter(s -> checkpointThrottle.due(key, now) || recovering)
                .map(s -> readCheckpoint(d, s, password.get(), clusterId, context));
        return new Observation(d, violations, secretHash, context.getSecondaryResource(StatefulSet.class), pd,
                checkpoint, sameTable(d, context), now, config.stallThreshold(), workloads(d, context, recovering));
    }

    /** The Drainers whose spec names the same checkpoint table as {@code d}'s, itself included. */
    private static List<Drainer> sameTable(Drainer d, Context<Drainer> context) {
        return RowClaims.tableKey(d).map(k -> context.getPrimaryCache().byIndex(RowClaims.TABLE_INDEX, k))
                .orElse(List.of());
    }

    /**
     * The drainer pod (from the API server itself while a fence is checked: the cache may lag behind a pod that
     * still runs), the recovery Jobs and their pods, and the log tail of the current attempt once its Job failed.
     */
    private Workloads workloads(Drainer d, Context<Drainer> context, boolean recovering) {
        Names names = new Names(d.getMetadata().getName(), d.getMetadata().getNamespace());
        List<Pod> pods = List.copyOf(context.getSecondaryResources(Pod.class));
        Optional<Pod> drainerPod = recovering
                ? Optional.ofNullable(client.pods().inNamespace(names.namespace()).withName(names.pod()).get())
                : pods.stream().filter(p -> names.pod().equals(p.getMetadata().getName())).findFirst();
        List<Pod> jobPods = pods.stream().filter(p -> p.getMetadata().getLabels() != null
                && Labels.RECOVERY.equals(p.getMetadata().getLabels().get(Labels.COMPONENT))).toList();
        List<Job> jobs = List.copyOf(context.getSecondaryResources(Job.class));
        String current = recovering && d.getStatus().recovery != null ? d.getStatus().recovery.jobName : null;
        Optional<String> logTail = jobs.stream().filter(j -> j.getMetadata().getName().equals(current))
                .filter(j -> j.getStatus() != null && j.getStatus().getFailed() != null && j.getStatus().getFailed() > 0)
                .findFirst().flatMap(j -> logTail(names.namespace(), jobPods, j.getMetadata().getName()));
        return new Workloads(drainerPod, jobs, jobPods, logTail);
    }

    private Optional<String> logTail(String namespace, List<Pod> jobPods, String job) {
        return jobPods.stream().filter(p -> p.getMetadata().getOwnerReferences() != null && p.getMetadata()
                        .getOwnerReferences().stream().anyMatch(r -> "Job".equals(r.getKind()) && job.equals(r.getName())))
                .findFirst().flatMap(p -> {
                    try {
                        return Optional.ofNullable(client.pods().inNamespace(namespace).withName(p.getMetadata()
                                .getName()).inContainer(DesiredObjects.CONTAINER).tailingLines(LOG_TAIL_LINES).getLog());
                    } catch (KubernetesClientException e) {
                        return Optional.of("(log of pod " + p.getMetadata().getName() + " unavailable: "
                                + e.getMessage() + ")");
                    }
                });
    }

    private Duration probeInterval(DrainerSpec s) {
        return s.recovery != null && s.recovery.probeInterval != null ? GoDuration.parse(s.recovery.probeInterval)
                : config.pdProbeInterval();
    }

    /** Probes PD over TLS when the spec asks for it; a missing Secret or key is a failed probe that names it. */
    private PdProbeResult probePd(Drainer d, DrainerSpec s, Context<Drainer> context) {
        String namespace = d.getMetadata().getNamespace();
        try {
            Optional<SecretTls> tls = tlsFiles.files(d.getMetadata().getUid(), "spec.pd.tls", namespace, s.pd.tls,
                    name -> context.getClient().secrets().inNamespace(namespace).withName(name).get());
            return pdProbe.probe(s.pd.endpoints, tls, config.pdProbeTimeout());
        } catch (TlsSecretException e) {
            return PdProbeResult.down("cannot probe PD over TLS: " + e.getMessage());
        }
    }

    /**
     * Reads the checkpoint over TLS when the spec asks for it; the TLS Secret is fetched only now, at the throttled
     * rate, and a missing Secret or key is a failed read that names it, as a refused handshake is.
     */
    private CheckpointReading readCheckpoint(Drainer d, DrainerSpec s, String password, String clusterId,
                                             Context<Drainer> context) {
        String namespace = d.getMetadata().getNamespace();
        try {
            Optional<SecretTls> tls = tlsFiles.files(d.getMetadata().getUid(), "spec.downstream.tls", namespace,
                    s.downstream.tls, name -> context.getClient().secrets().inNamespace(namespace).withName(name).get());
            return checkpointReader.read(new CheckpointSource(s.downstream.host, s.downstream.port, s.downstream.user,
                    password, s.checkpoint.schema, s.checkpoint.table, tls), clusterId);
        } catch (TlsSecretException e) {
            return CheckpointReading.failed("cannot read checkpoint over TLS: " + e.getMessage());
        }
    }

    /** Forgets the throttles and TLS files of a deleted Drainer. */
    public void forget(Drainer d) {
        pdThrottle.forget(d.getMetadata().getUid());
        checkpointThrottle.forget(d.getMetadata().getUid());
        tlsFiles.forget(d.getMetadata().getUid());
    }

    /** The spec the pod runs: the current one when valid, else the last valid one, else none. */
    static Optional<DrainerSpec> runningSpec(Drainer d) {
        return runningSpec(d, SpecValidator.validate(d.getSpec(), names(d)));
    }

    /** As {@link #runningSpec(Drainer)}, with the current spec's {@code violations} already found. */
    private static Optional<DrainerSpec> runningSpec(Drainer d, List<Violation> violations) {
        if (violations.isEmpty()) {
            return Optional.of(d.getSpec());
        }
        return Optional.ofNullable(d.getStatus()).map(s -> s.lastValidSpec)
                .map(json -> JSON.unmarshal(json, DrainerSpec.class));
    }

    private static Names names(Drainer d) {
        return new Names(d.getMetadata().getName(), d.getMetadata().getNamespace());
    }

    private static String dataHash(Secret secret) {
        Map<String, String> all = new HashMap<>();
        if (secret.getStringData() != null) {
            all.putAll(secret.getStringData());
        }
        if (secret.getData() != null) {
            all.putAll(secret.getData());
        }
        return Hashes.ofSecretData(all);
    }

    /** The decoded value of the Secret key; empty when the key is missing. */
    static Optional<String> value(Secret secret, SecretKeyRef ref) {
        return SecretData.bytes(secret, ref.key).map(b -> new String(b, StandardCharsets.UTF_8));
    }
}
