package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether the drainer pod should run. */
public enum DrainerState {
    @JsonProperty("running") RUNNING,
    @JsonProperty("stopped") STOPPED
}
