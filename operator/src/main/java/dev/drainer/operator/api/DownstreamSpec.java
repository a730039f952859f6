package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** The downstream database ([syncer.to] and [syncer] db-type). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DownstreamSpec {
    @Default("mysql")
    @JsonPropertyDescription("mysql or tidb.")
    public DownstreamType type = DownstreamType.MYSQL;

    @Required
    @JsonPropertyDescription("Host name or address of the downstream.")
    public String host;

    @Default("3306")
    @JsonPropertyDescription("Port of the downstream.")
    public int port = 3306;

    @Default("root")
    @JsonPropertyDescription("User the drainer (and the operator, to read the checkpoint) logs in as.")
    public String user = "root";

    @Required
    @JsonPropertyDescription("The Secret key holding the password; it reaches the pod as MYSQL_PSWD.")
    public SecretKeyRef passwordSecretRef;

    @JsonPropertyDescription("TLS towards the downstream ([syncer.to.security]).")
    public TlsSpec tls;
}
