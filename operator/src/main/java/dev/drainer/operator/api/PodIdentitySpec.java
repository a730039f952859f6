package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/**
 * The identity the drainer pod runs as. Relay files are 0600 and NFS may squash root, so the drainer and a
 * recovery Job must share a non-root uid/gid and the volume's fsGroup.
 */
public class PodIdentitySpec {
    @Default("" + Defaults.UID)
    @JsonPropertyDescription("runAsUser; must not be 0.")
    public long runAsUser = Defaults.UID;

    @Default("" + Defaults.UID)
    @JsonPropertyDescription("runAsGroup.")
    public long runAsGroup = Defaults.UID;

    @Default("" + Defaults.UID)
    @JsonPropertyDescription("fsGroup of the pod's volumes.")
    public long fsGroup = Defaults.UID;
}
