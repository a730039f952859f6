package dev.drainer.config;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code [syncer.to.checkpoint]}. With an empty {@code type} the checkpoint lives in the {@code [syncer.to]}
 * database and the connection fields here are empty (they may not be set, upstream would ignore them).
 */
public record CheckpointConfig(Optional<DbType> type, String schema, String table, String host, int port,
                               String user, Secret password, TlsConfig security) {
    public CheckpointConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(security, "security");
    }
}
