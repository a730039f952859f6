package dev.drainer.operator.control;

import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerSpec;
import dev.drainer.operator.api.SecretKeyRef;
import dev.drainer.operator.decide.Observation;
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
import dev.drainer.operator.render.Hashes;
import dev.drainer.operator.render.Names;
import dev.drainer.operator.validate.SpecValidator;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Gathers one reconcile's {@link Observation}: the password Secret and StatefulSet from the informer caches, and
 * PD and the checkpoint row from outside, each at most once per configured interval.
 */
public final class DrainerObserver {
    private static final KubernetesSerialization JSON = new KubernetesSerialization();
    private final OperatorConfig config;
    private final PdProbe pdProbe;
    private final CheckpointReader checkpointReader;
    private final ObservationThrottle pdThrottle;
    private final ObservationThrottle checkpointThrottle;
    private final TlsSecretFiles tlsFiles;

    public DrainerObserver(OperatorConfig config, PdProbe pdProbe, CheckpointReader checkpointReader,
                           TlsSecretFiles tlsFiles) {
        this.config = config;
        this.pdProbe = pdProbe;
        this.checkpointReader = checkpointReader;
        this.tlsFiles = tlsFiles;
        this.pdThrottle = new ObservationThrottle(config.pdProbeInterval());
        this.checkpointThrottle = new ObservationThrottle(config.checkpointInterval());
    }

    /** Observes {@code d} now. */
    public Observation observe(Drainer d, Context<Drainer> context, Instant now) {
        Optional<DrainerSpec> running = runningSpec(d);
        Optional<Secret> secret = running.flatMap(s -> context.getSecondaryResources(Secret.class).stream()
                .filter(x -> x.getMetadata().getName().equals(s.downstream.passwordSecretRef.name)).findFirst());
        Optional<String> password = running.flatMap(s -> secret.flatMap(x -> value(x, s.downstream.passwordSecretRef)));
        Optional<String> secretHash = password.isPresent() ? secret.map(DrainerObserver::dataHash) : Optional.empty();
        String key = d.getMetadata().getUid();
        Optional<PdProbeResult> pd = running.filter(s -> pdThrottle.due(key, now))
                .map(s -> pdProbe.probe(s.pd.endpoints, config.pdProbeTimeout()));
        String clusterId = pd.filter(PdProbeResult::reachable).map(PdProbeResult::clusterId)
                .orElse(d.getStatus() == null ? null : d.getStatus().clusterID);
        Optional<CheckpointReading> checkpoint = running.filter(s -> password.isPresent())
                .filter(s -> checkpointThrottle.due(key, now))
                .map(s -> readCheckpoint(d, s, password.get(), clusterId, context));
        return new Observation(d, secretHash, context.getSecondaryResource(StatefulSet.class), pd, checkpoint,
                context.getPrimaryCache().list().toList(), now, config.stallThreshold());
    }

    /**
     * Reads the checkpoint over TLS when the spec asks for it; the TLS Secret is fetched only now, at the throttled
     * rate, and a missing Secret or key is a failed read that names it, as a refused handshake is.
     */
    private CheckpointReading readCheckpoint(Drainer d, DrainerSpec s, String password, String clusterId,
                                             Context<Drainer> context) {
        String namespace = d.getMetadata().getNamespace();
        try {
            Optional<SecretTls> tls = tlsFiles.files(d.getMetadata().getUid(), namespace, s.downstream.tls,
                    name -> context.getClient().secrets().inNamespace(namespace).withName(name).get());
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
        Names names = new Names(d.getMetadata().getName(), d.getMetadata().getNamespace());
        if (SpecValidator.validate(d.getSpec(), names).isEmpty()) {
            return Optional.of(d.getSpec());
        }
        return Optional.ofNullable(d.getStatus()).map(s -> s.lastValidSpec)
                .map(json -> JSON.unmarshal(json, DrainerSpec.class));
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
