package dev.drainer.operator.render;

import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerSpec;
import dev.drainer.operator.api.DrainerState;
import dev.drainer.operator.api.RelayLogSpec;
import dev.drainer.operator.api.TlsSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HTTPGetActionBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds the ConfigMap, headless Service, relay claim and StatefulSet of a Drainer from a valid spec. */
public final class DesiredObjects {
    /** The health endpoints of {@code drainer run} (the contract with issue 5, see docs/operator.md). */
    public static final String LIVENESS_PATH = "/healthz";
    public static final String READINESS_PATH = "/readyz";
    public static final String CONTAINER = "drainer";
    public static final String PORT_NAME = "http";

    private DesiredObjects() {
    }

    /**
     * @param spec       the spec to run (the last valid one when the current one is invalid)
     * @param state      the state to run in: always the current spec's, so that stop works in every phase
     * @param toml       drainer.toml rendered from {@code spec}
     * @param secretHash digest of the password Secret's data; a change rolls the pod
     */
    public static Desired build(Drainer owner, DrainerSpec spec, DrainerState state, String toml, String secretHash) {
        Names names = new Names(owner.getMetadata().getName(), owner.getMetadata().getNamespace());
        OwnerReference ref = ownerRef(owner);
        return new Desired(configMap(names, ref, toml), service(names, ref), relayClaim(names, spec.relayLog),
                statefulSet(names, ref, spec, state, Hashes.of(toml), secretHash));
    }

    /** The controller reference that garbage-collects an owned object with its Drainer. */
    static OwnerReference ownerRef(Drainer owner) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
    }

    static ObjectMeta meta(String name, Names names, OwnerReference ref) {
        ObjectMetaBuilder b = new ObjectMetaBuilder().withName(name).withNamespace(names.namespace())
                .withLabels(Labels.of(names.drainer()));
        if (ref != null) {
            b.withOwnerReferences(ref);
        }
        return b.build();
    }

    static ConfigMap configMap(Names names, OwnerReference ref, String toml) {
        return new ConfigMapBuilder().withMetadata(meta(names.configMap(), names, ref))
                .withData(Map.of(DrainerToml.FILE, toml)).build();
    }

    static Service service(Names names, OwnerReference ref) {
        // Headless and publishing not-ready addresses: pumps call Notify before the drainer is Ready.
        return new ServiceBuilder().withMetadata(meta(names.service(), names, ref)).withNewSpec()
                .withClusterIP("None").withPublishNotReadyAddresses(true).withSelector(Labels.selector(names.drainer()))
                .addNewPort().withName(PORT_NAME).withPort(Names.PORT).withTargetPort(new IntOrString(PORT_NAME))
                .endPort().endSpec().build();
    }

    static Optional<PersistentVolumeClaim> relayClaim(Names names, RelayLogSpec relay) {
        if (!relay.enabled || relay.existingClaim != null) {
            return Optional.empty();
        }
        return Optional.of(new PersistentVolumeClaimBuilder().withMetadata(meta(names.relayClaim(), names, null))
                .withNewSpec().withAccessModes(relay.accessModes).withStorageClassName(relay.storageClassName)
                .withNewResources().addToRequests("storage", new Quantity(relay.size)).endResources()
                .endSpec().build());
    }

    static StatefulSet statefulSet(Names names, OwnerReference ref, DrainerSpec spec, DrainerState state,
                                   String configHash, String secretHash) {
        Map<String, String> podAnnotations = new LinkedHashMap<>(spec.podAnnotations);
        podAnnotations.put(Labels.CONFIG_HASH, configHash);
        podAnnotations.put(Labels.SECRET_HASH, secretHash);
        Map<String, String> podLabels = new LinkedHashMap<>(Labels.of(names.drainer()));
        ContainerBuilder container = drainerContainer(spec, spec.resources)
                .withArgs("run", "-config", DrainerToml.CONFIG_DIR + "/" + DrainerToml.FILE)
                .addNewPort().withName(PORT_NAME).withContainerPort(Names.PORT).endPort()
                .withReadinessProbe(probe(READINESS_PATH, 5, 3, spec.pd.tls != null))
                .withLivenessProbe(probe(LIVENESS_PATH, 10, 6, spec.pd.tls != null));
        return new StatefulSetBuilder().withMetadata(meta(names.statefulSet(), names, ref)).withNewSpec()
                .withReplicas(state == DrainerState.RUNNING ? 1 : 0).withServiceName(names.service())
                .withNewSelector().withMatchLabels(Labels.selector(names.drainer())).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(podLabels).withAnnotations(podAnnotations).endMetadata()
                .withSpec(podSpec(spec, names, container.build()).withTerminationGracePeriodSeconds(
                        spec.terminationGracePeriodSeconds).build())
                .endTemplate().endSpec().build();
    }

    /**
     * The pod spec the drainer and its recovery Job share: identity (relay files are 0600 and NFS may squash
     * root), scheduling and volumes (config, data, relay claim, TLS).
     */
    static PodSpecBuilder podSpec(DrainerSpec spec, Names names, Container container) {
        return new PodSpecBuilder()
                .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(spec.securityContext.runAsUser)
                .withRunAsGroup(spec.securityContext.runAsGroup).withFsGroup(spec.securityContext.fsGroup)
                .endSecurityContext()
                .withNodeSelector(spec.scheduling.nodeSelector.isEmpty() ? null : spec.scheduling.nodeSelector)
                .withTolerations(spec.scheduling.tolerations.isEmpty() ? null : spec.scheduling.tolerations)
                .withAffinity(spec.scheduling.affinity).withPriorityClassName(spec.scheduling.priorityClassName)
                .withContainers(container).withVolumes(volumes(spec, names));
    }

    /** The drainer container without arguments, ports and probes: image, password, mounts, no privileges. */
    static ContainerBuilder drainerContainer(DrainerSpec spec, ResourceRequirements resources) {
        ContainerBuilder container = new ContainerBuilder().withName(CONTAINER).withImage(spec.image)
                .withImagePullPolicy(spec.imagePullPolicy).withCommand("drainer")
                .withEnv(new EnvVarBuilder().withName("MYSQL_PSWD").withNewValueFrom().withNewSecretKeyRef()
                        .withName(spec.downstream.passwordSecretRef.name).withKey(spec.downstream.passwordSecretRef.key)
                        .endSecretKeyRef().endValueFrom().build())
                .withVolumeMounts(mounts(spec))
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().addToDrop("ALL")
                .endCapabilities().endSecurityContext();
        if (resources != null) {
            container.withResources(resources);
        }
        return container;
    }

    private static List<Volume> volumes(DrainerSpec spec, Names names) {
        List<Volume> volumes = new ArrayList<>();
        volumes.add(new VolumeBuilder().withName("config").withNewConfigMap().withName(names.configMap())
                .endConfigMap().build());
        volumes.add(new VolumeBuilder().withName("data").withNewEmptyDir().endEmptyDir().build());
        if (spec.relayLog.enabled) {
            String claim = spec.relayLog.existingClaim != null ? spec.relayLog.existingClaim : names.relayClaim();
            volumes.add(new VolumeBuilder().withName("relay").withNewPersistentVolumeClaim().withClaimName(claim)
                    .endPersistentVolumeClaim().build());
        }
        tlsVolume("pd-tls", spec.pd.tls, volumes);
        tlsVolume("downstream-tls", spec.downstream.tls, volumes);
        return volumes;
    }

    private static List<VolumeMount> mounts(DrainerSpec spec) {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(mount("config", DrainerToml.CONFIG_DIR, true));
        mounts.add(mount("data", DrainerToml.DATA_DIR, false));
        if (spec.relayLog.enabled) {
            mounts.add(mount("relay", DrainerToml.RELAY_DIR, false));
        }
        if (spec.pd.tls != null) {
            mounts.add(mount("pd-tls", DrainerToml.PD_TLS_DIR, true));
        }
        if (spec.downstream.tls != null) {
            mounts.add(mount("downstream-tls", DrainerToml.DOWNSTREAM_TLS_DIR, true));
        }
        return mounts;
    }

    private static void tlsVolume(String name, TlsSpec tls, List<Volume> volumes) {
        if (tls != null) {
            volumes.add(new VolumeBuilder().withName(name).withNewSecret().withSecretName(tls.secretName)
                    .withDefaultMode(0440).endSecret().build());
        }
    }

    private static VolumeMount mount(String name, String path, boolean readOnly) {
        return new VolumeMountBuilder().withName(name).withMountPath(path).withReadOnly(readOnly).build();
    }

    /**
     * @param https with [security] the port serves TLS only; kubelet presents no client certificate, which the
     *              drainer accepts as no cert-allowed-cn is rendered
     */
    private static Probe probe(String path, int period, int failures, boolean https) {
        return new ProbeBuilder().withHttpGet(new HTTPGetActionBuilder().withPath(path).withScheme(https ? "HTTPS" : "HTTP")
                .withPort(new IntOrString(PORT_NAME)).build()).withPeriodSeconds(period)
                .withFailureThreshold(failures).build();
    }
}
