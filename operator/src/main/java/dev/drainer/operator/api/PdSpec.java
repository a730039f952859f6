package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** The upstream PD endpoints (pd-urls); the TLS of the upstream connections ([security]) is reserved, rejected. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PdSpec {
    @Required
    @JsonPropertyDescription("PD client URLs, http://host:port, e.g. http://basic-pd.tidb:2379; https:// is"
            + " rejected (InvalidSpec): PD TLS is not supported by this build.")
    public List<String> endpoints = new ArrayList<>();

    @JsonPropertyDescription("Reserved for TLS towards PD and pumps. Not supported by this build: setting it is"
            + " rejected (InvalidSpec).")
    public TlsSpec tls;
}
