package dev.drainer.operator.observe;

/** Where a Drainer's checkpoint table is and how to log in; the password never appears in {@link #toString()}. */
public record CheckpointSource(String host, int port, String user, String password, String schema, String table) {
    @Override
    public String toString() {
        return user + "@" + host + ":" + port + "/" + schema + "." + table;
    }
}
