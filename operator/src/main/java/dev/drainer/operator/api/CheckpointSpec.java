package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** The checkpoint table ([syncer.to.checkpoint]); it always lives in the downstream database. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CheckpointSpec {
    @Default("tidb_binlog")
    @JsonPropertyDescription("Schema of the checkpoint table.")
    public String schema = "tidb_binlog";

    @Default("checkpoint")
    @JsonPropertyDescription("Name of the checkpoint table.")
    public String table = "checkpoint";

    @JsonPropertyDescription("Not supported: a checkpoint database separate from the downstream. Setting it is"
            + " rejected (InvalidSpec), because its password could only travel in drainer.toml.")
    public SeparateCheckpointDatabase database;
}
