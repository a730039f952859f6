package dev.drainer.operator.observe;

import java.util.Optional;

/**
 * Where a Drainer's checkpoint table is and how to log in; the password never appears in {@link #toString()}.
 *
 * @param tls the downstream TLS files; empty: plaintext
 */
public record CheckpointSource(String host, int port, String user, String password, String schema, String table,
                               Optional<SecretTls> tls) {
    @Override
    public String toString() {
        return user + "@" + host + ":" + port + "/" + schema + "." + table
                + tls.map(t -> " over TLS (Secret " + t.secret() + ")").orElse("");
    }
}
