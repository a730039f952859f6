package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** The upstream PD endpoints (pd-urls) and the TLS of the drainer's upstream connections ([security]). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PdSpec {
    @Required
    @JsonPropertyDescription("PD client URLs, http(s)://host:port, e.g. http://basic-pd.tidb:2379.")
    public List<String> endpoints = new ArrayList<>();

    @JsonPropertyDescription("TLS towards PD and pumps; the Secret is mounted into the drainer pod.")
    public TlsSpec tls;
}
