package dev.drainer.checkpoint;

import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code <schema>.<table>} checkpoint table, laid out as the Go drainer lays it out:
 * {@code (clusterID bigint unsigned primary key, checkPoint MEDIUMTEXT)}, one row per upstream
 * cluster. Cluster ids are unsigned 64-bit values held in a {@code long}. {@link #save} and {@link #load}
 * share one connection (the drainer saves and re-reads every few seconds: over TLS a handshake each time
 * otherwise); {@link #close()} closes it.
 */
public final class CheckpointStore implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CheckpointStore.class.getName());
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_$]{1,64}");

    private final ConnectionFactory connections;
    private final String schema;
    private final String table;
    private final String qualified;
    private final int saveAttempts;
    private final Duration saveBackoff;
    private final Object lock = new Object();
    /** The connection saves and loads share; null until first used and after a failure. Guarded by lock. */
    private Connection shared;

    /**
     * @param saveAttempts how often a save is tried before it fails (the Go drainer: 5)
     * @param saveBackoff  the pause between attempts (the Go drainer: 1 s)
     */
    public CheckpointStore(ConnectionFactory connections, String schema, String table, int saveAttempts,
                           Duration saveBackoff) {
        this.connections = connections;
        this.schema = checkIdentifier("schema", schema);
        this.table = checkIdentifier("table", table);
        this.qualified = "`" + schema + "`.`" + table + "`";
        this.saveAttempts = Math.max(1, saveAttempts);
        this.saveBackoff = saveBackoff;
    }

    /** A store with the Go drainer's retry policy: 5 attempts, 1 s apart. */
    public CheckpointStore(ConnectionFactory connections, String schema, String table) {
        this(connections, schema, table, 5, Duration.ofSeconds(1));
    }

    private static String checkIdentifier(String what, String value) {
        // The Go drainer interpolates these names unquoted; accept only what is safe either way.
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException("checkpoint " + what + " name '" + value
                    + "' is not allowed: use 1-64 characters of letters, digits, _ or $");
        }
        return value;
    }

    /** {@code schema.table}, for messages. */
    public String tableName() {
        return schema + "." + table;
    }

    /** Creates the schema and table if they do not exist, as the drainer does on start. */
    public void createIfMissing() throws CheckpointException {
        try (Connection c = connections.open(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS `" + schema + "`");
            s.execute("CREATE TABLE IF NOT EXISTS " + qualified
                    + "(clusterID bigint unsigned primary key, checkPoint MEDIUMTEXT)");
        } catch (SQLException e) {
            throw new CheckpointException("cannot create checkpoint table " + tableName() + ": " + e.getMessage(), e);
        }
    }

    /** The row of {@code clusterId}, or empty when there is none (or the table does not exist). */
    public Optional<Checkpoint> load(long clusterId) throws CheckpointException {
        try {
            return onShared(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT checkPoint FROM " + qualified + " WHERE clusterID = ?")) {
                    ps.setObject(1, unsigned(clusterId));
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? Optional.of(CheckpointJson.decode(rs.getString(1))) : Optional.<Checkpoint>empty();
                    }
                }
            });
        } catch (SQLException e) {
            if (isMissingTable(e)) {
                return Optional.empty();
            }
            throw new CheckpointException("cannot read checkpoint clusterID=" + Long.toUnsignedString(clusterId)
                    + " from " + tableName() + ": " + e.getMessage(), e);
        }
    }

    /** Every row of the table (empty when the table does not exist). */
    public List<StoredCheckpoint> loadAll() throws CheckpointException {
        List<StoredCheckpoint> rows = new ArrayList<>();
        try (Connection c = connections.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT clusterID, checkPoint FROM " + qualified + " ORDER BY clusterID")) {
            while (rs.next()) {
                rows.add(new StoredCheckpoint(Long.parseUnsignedLong(rs.getString(1)),
                        CheckpointJson.decode(rs.getString(2))));
            }
            return rows;
        } catch (SQLException e) {
            if (isMissingTable(e)) {
                return rows;
            }
            throw new CheckpointException("cannot read " + tableName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The only row of the table, as the Go drainer reads it when PD (and so the cluster id) is
     * unreachable: empty when there is none, an error when there are several.
     */
    public Optional<StoredCheckpoint> loadSingle() throws CheckpointException {
        List<StoredCheckpoint> rows = loadAll();
        if (rows.size() > 1) {
            throw new AmbiguousCheckpointException(tableName(),
                    rows.stream().map(StoredCheckpoint::clusterId).toList());
        }
        return rows.stream().findFirst();
    }

    /**
     * Writes the row of {@code clusterId}, retrying as configured; the final failure is an error
     * the caller must treat as fatal (the downstream state can no longer be described).
     */
    public void save(long clusterId, Checkpoint cp) throws CheckpointException {
        String json = CheckpointJson.encode(cp);
        SQLException last = null;
        for (int attempt = 1; attempt <= saveAttempts; attempt++) {
            try {
                onShared(c -> {
                    try (PreparedStatement ps = c.prepareStatement("REPLACE INTO " + qualified + " VALUES(?, ?)")) {
                        ps.setObject(1, unsigned(clusterId));
                        ps.setString(2, json);
                        return ps.executeUpdate();
                    }
                });
                return;
            } catch (SQLException e) {
                last = e;
                LOG.log(System.Logger.Level.WARNING, "checkpoint save failed table={0} clusterID={1} attempt={2}/{3} cause={4}",
                        tableName(), Long.toUnsignedString(clusterId), attempt, saveAttempts, e.getMessage());
                if (attempt < saveAttempts) {
                    sleep(saveBackoff);
                }
            }
        }
        throw new CheckpointException("cannot save checkpoint " + json + " for clusterID="
                + Long.toUnsignedString(clusterId) + " to " + tableName() + " after " + saveAttempts
                + " attempts: " + last.getMessage(), last);
    }

    /** Work on one connection. */
    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    /**
     * {@code work} on the shared connection. A lost connection is closed; if it had been used before, the work runs
     * once more on a new one at once, since an idle connection may have been closed by the server or a proxy
     * meanwhile. A refused statement (a missing table, say) leaves the connection as it is.
     */
    private <T> T onShared(SqlWork<T> work) throws SQLException {
        synchronized (lock) {
            boolean reused = shared != null;
            try {
                if (shared == null) {
                    shared = connections.open();
                }
                return work.run(shared);
            } catch (SQLException e) {
                if (!ConnectionLoss.of(e)) {
                    throw e;
                }
                dropShared();
                if (!reused) {
                    throw e;
                }
            }
            try {
                shared = connections.open();
                return work.run(shared);
            } catch (SQLException e) {
                if (ConnectionLoss.of(e)) {
                    dropShared();
                }
                throw e;
            }
        }
    }

    private void dropShared() {
        Connection c = shared;
        shared = null;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // Already broken; the next use opens a new one.
            }
        }
    }

    /** Closes the shared connection; a later save or load opens a new one. */
    @Override
    public void close() {
        synchronized (lock) {
            dropShared();
        }
    }

    private static BigInteger unsigned(long id) {
        return new BigInteger(Long.toUnsignedString(id));
    }

    private static boolean isMissingTable(SQLException e) {
        // 1146: table doesn't exist; 1049: unknown database.
        return e.getErrorCode() == 1146 || e.getErrorCode() == 1049;
    }

    private static void sleep(Duration d) throws CheckpointException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckpointException("interrupted while retrying a checkpoint save", e);
        }
    }
}
