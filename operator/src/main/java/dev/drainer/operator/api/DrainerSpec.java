package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.LinkedHashMap;
import java.util.Map;

/** The desired drainer: upstream PD, downstream, checkpoint, syncer, relay log, lifecycle and pod settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DrainerSpec {
    @Required
    @JsonPropertyDescription("The upstream PD cluster the drainer registers with and reads binlogs through.")
    public PdSpec pd;

    @Required
    @JsonPropertyDescription("The MySQL or TiDB database the drainer writes to (and keeps its checkpoint in).")
    public DownstreamSpec downstream;

    @JsonPropertyDescription("Where the checkpoint row lives inside the downstream database.")
    public CheckpointSpec checkpoint = new CheckpointSpec();

    @Default("-1")
    @JsonPropertyDescription("Commit ts to start from when there is no checkpoint row; -1 = the current TSO.")
    public long initialCommitTS = -1;

    @JsonPropertyDescription("Downstream apply settings and filters ([syncer]).")
    public SyncerSpec syncer = new SyncerSpec();

    @JsonPropertyDescription("The relay log: on by default, on its own PersistentVolumeClaim.")
    public RelayLogSpec relayLog = new RelayLogSpec();

    @Default("running")
    @JsonPropertyDescription("running: one drainer pod; stopped: scaled to zero, whatever the phase.")
    public DrainerState state = DrainerState.RUNNING;

    @Default(Defaults.IMAGE)
    @JsonPropertyDescription("The drainer image; it runs `drainer run -config /etc/drainer/drainer.toml`.")
    public String image = Defaults.IMAGE;

    @Default("IfNotPresent")
    @JsonPropertyDescription("Image pull policy of the drainer container.")
    public String imagePullPolicy = "IfNotPresent";

    @JsonPropertyDescription("CPU and memory requests and limits of the drainer container.")
    public ResourceRequirements resources;

    @JsonPropertyDescription("Node selector, tolerations, affinity and priority class of the drainer pod.")
    public SchedulingSpec scheduling = new SchedulingSpec();

    @JsonPropertyDescription("Annotations added to the drainer pod template.")
    public Map<String, String> podAnnotations = new LinkedHashMap<>();

    @Default("" + Defaults.TERMINATION_GRACE_SECONDS)
    @JsonPropertyDescription("Seconds the drainer gets to drain and save a consistent checkpoint on stop.")
    public long terminationGracePeriodSeconds = Defaults.TERMINATION_GRACE_SECONDS;

    @JsonPropertyDescription("The non-root uid/gid/fsGroup of the drainer pod; a recovery Job uses the same ids.")
    public PodIdentitySpec securityContext = new PodIdentitySpec();

    @JsonPropertyDescription("Automatic relay-log recovery when the upstream is lost (fence, recover Job, hold).")
    public RecoverySpec recovery = new RecoverySpec();

    @JsonPropertyDescription("Raw drainer.toml for keys without a typed field; keys that a typed field or the"
            + " operator owns are rejected, naming both.")
    public String config;
}
