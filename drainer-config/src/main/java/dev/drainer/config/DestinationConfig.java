package dev.drainer.config;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code [syncer.to]} for db-type mysql/tidb. {@code password} is the resolved password (from the file, the
 * {@code password-file} extension key or {@code $MYSQL_PSWD}); {@code passwordFile} is kept so it can be rendered.
 */
public record DestinationConfig(String host, int port, String user, Secret password, String passwordFile,
                                Duration readTimeout, Map<String, String> params, TlsConfig security,
                                CheckpointConfig checkpoint) {
    public DestinationConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(passwordFile, "passwordFile");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(checkpoint, "checkpoint");
        // Sorted so that rendering is deterministic; Map.equals ignores order anyway.
        params = Collections.unmodifiableMap(new TreeMap<>(params));
    }

    /** The downstream connection. */
    public DbEndpoint endpoint() {
        return new DbEndpoint(host, port, user, password, security);
    }
}
