package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Where the drainer pod may run. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SchedulingSpec {
    @JsonPropertyDescription("Node labels the pod requires.")
    public Map<String, String> nodeSelector = new LinkedHashMap<>();

    @JsonPropertyDescription("Tolerations of the pod.")
    public List<Toleration> tolerations = new ArrayList<>();

    @JsonPropertyDescription("Affinity of the pod.")
    public Affinity affinity;

    @JsonPropertyDescription("Priority class of the pod.")
    public String priorityClassName;
}
