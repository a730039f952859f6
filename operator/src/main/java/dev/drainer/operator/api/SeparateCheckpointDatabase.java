package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A separate checkpoint database ([syncer.to.checkpoint] type/host/port/user): modelled only to be rejected. */
public class SeparateCheckpointDatabase {
    @JsonPropertyDescription("Host of the separate checkpoint database.")
    public String host;

    @JsonPropertyDescription("Port of the separate checkpoint database.")
    public Integer port;

    @JsonPropertyDescription("User of the separate checkpoint database.")
    public String user;
}
