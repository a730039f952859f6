package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import java.util.ArrayList;
import java.util.List;

/** The upstream PD endpoints (pd-urls) and the TLS of the upstream connections ([security]). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PdSpec {
    @Required
    @JsonPropertyDescription("PD client URLs, http(s)://host:port, e.g. http://basic-pd.tidb:2379; https:// needs"
            + " tls.")
    public List<String> endpoints = new ArrayList<>();

    @JsonPropertyDescription("TLS towards PD, its etcd, TiKV and the pumps (drainer.toml [security]), from a Secret"
            + " mounted into the pod and read by the operator's PD probe. Rejected (InvalidSpec) by this build: the"
            + " drainer cannot yet serve TLS on its own port, which [security] also asks for.")
    public TlsSpec tls;
}
