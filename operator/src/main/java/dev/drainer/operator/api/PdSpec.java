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

    @JsonPropertyDescription("TLS of the cluster (drainer.toml [security]) from a Secret mounted into the pod and read"
            + " by the operator's PD probe: towards PD, its etcd, TiKV and the pumps, and on the drainer's own port"
            + " (Notify, HTTP API, probes over HTTPS), where the certificate (certKey, required) is its server"
            + " identity and a client certificate, when presented, must be signed by the CA.")
    public TlsSpec tls;
}
