package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import java.util.ArrayList;
import java.util.List;

/** [syncer.relay] and the PersistentVolumeClaim that holds it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RelayLogSpec {
    @Default("true")
    @JsonPropertyDescription("Write every transaction to the relay log before applying it.")
    public boolean enabled = true;

    @JsonPropertyDescription("Storage class of the claim the operator creates, e.g. an NFS class; empty ="
            + " the cluster default.")
    public String storageClassName;

    @Default(Defaults.RELAY_SIZE)
    @JsonPropertyDescription("Requested size of the claim the operator creates.")
    public String size = Defaults.RELAY_SIZE;

    @JsonPropertyDescription("Access modes of the claim the operator creates; default ReadWriteMany so that a"
            + " recovery Job on another node can mount it.")
    public List<String> accessModes = new ArrayList<>(List.of("ReadWriteMany"));

    @JsonPropertyDescription("Use this existing claim instead of creating one (storageClassName, size and"
            + " accessModes must then be left unset).")
    public String existingClaim;

    @Default("10485760")
    @JsonPropertyDescription("Maximum size in bytes of one relay file (max-file-size).")
    public long maxFileSize = 10485760L;

    @Default("true")
    @JsonPropertyDescription("Keep the claim the operator created when the Drainer is deleted.")
    public boolean retainOnDelete = true;
}
