package dev.drainer.config;

import java.util.Objects;

/** Where to connect for a MySQL-protocol database: the resolved result of a config section. */
public record DbEndpoint(String host, int port, String user, Secret password, TlsConfig tls) {
    public DbEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(tls, "tls");
    }
}
