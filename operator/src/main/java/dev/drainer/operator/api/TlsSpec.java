package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** A Secret holding a CA certificate and optionally a certificate and its key. */
public class TlsSpec {
    @Required
    @JsonPropertyDescription("Name of the Secret in the Drainer's namespace.")
    public String secretName;

    @Default("ca.crt")
    @JsonPropertyDescription("Key of the CA certificate in the Secret.")
    public String caKey = "ca.crt";

    @Default("tls.crt")
    @JsonPropertyDescription("Key of the certificate (client, and for pd.tls also the drainer's server certificate); empty for none (not for pd.tls).")
    public String certKey = "tls.crt";

    @Default("tls.key")
    @JsonPropertyDescription("Key of the certificate's private key; empty for none (not for pd.tls).")
    public String keyKey = "tls.key";
}
