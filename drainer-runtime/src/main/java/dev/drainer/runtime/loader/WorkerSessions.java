package dev.drainer.runtime.loader;

import dev.drainer.checkpoint.ConnectionFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One downstream connection per loader worker (the pool is sized to the workers), opened on first
 * use and thrown away after any failure but a lock conflict, so that a chunk's next attempt starts on a
 * fresh session.
 * Sessions run at READ COMMITTED where the server allows it (docs/loader.md, "Isolation").
 */
final class WorkerSessions implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WorkerSessions.class.getName());
    /** Statements stay below this even when max_allowed_packet is huge: big statements only add latency. */
    static final long MAX_STATEMENT_BYTES = 4L << 20;

    /**
     * An open connection with what the loader asked the server once when opening it.
     *
     * @param id               the server's connection id (for logs, and for KILL in tests)
     * @param maxAllowedPacket the server's {@code @@max_allowed_packet} for this session
     * @param noBackslashEscapes the session's sql_mode has NO_BACKSLASH_ESCAPES (how string literals are
     *                           written); set by the endpoint's session SQL and never changed by the loader
     */
    record Session(Connection connection, long id, long maxAllowedPacket, boolean noBackslashEscapes) {
        /** Statements are kept at a quarter of the packet limit, well clear of it. */
        long statementBudget() {
            return Math.min(maxAllowedPacket / 4, MAX_STATEMENT_BYTES);
        }
    }

    private final ConnectionFactory factory;
    private final Session[] sessions;

    WorkerSessions(ConnectionFactory factory, int workers) {
        this.factory = factory;
        this.sessions = new Session[workers];
    }

    Session get(int worker) throws SQLException {
        synchronized (sessions) {
            Session s = sessions[worker];
            if (s == null || s.connection().isClosed()) {
                s = open();
                sessions[worker] = s;
            }
            return s;
        }
    }

    /** Closes the worker's connection (if any); the next {@link #get} opens a new one. */
    void drop(int worker) {
        Session s;
        synchronized (sessions) {
            s = sessions[worker];
            sessions[worker] = null;
        }
        if (s != null) {
            try {
                s.connection().close();
            } catch (SQLException ignored) {
                // The connection is being thrown away because it failed.
            }
        }
    }

    private Session open() throws SQLException {
        Connection c = factory.open();
        try (java.sql.Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT CONNECTION_ID(), @@max_allowed_packet, @@log_bin, @@binlog_format,"
                     + " FIND_IN_SET('NO_BACKSLASH_ESCAPES', @@sql_mode) > 0")) {
            rs.next();
            Session s = new Session(c, rs.getLong(1), rs.getLong(2), rs.getBoolean(5));
            // With statement-based binary logging the server refuses InnoDB writes at READ COMMITTED (1665).
            if (!rs.getBoolean(3) || !"STATEMENT".equalsIgnoreCase(rs.getString(4))) {
                readCommitted(s);
            }
            return s;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Causality already orders every pair of changes that share a key, so the gap locks of REPEATABLE
     * READ protect nothing the loader relies on and only make chunks with disjoint keys deadlock.
     */
    private static void readCommitted(Session s) throws SQLException {
        try {
            s.connection().setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        } catch (SQLException e) {
            if (DownstreamError.of(e) == DownstreamError.CONNECTION_LOST) {
                throw e;
            }
            LOG.log(System.Logger.Level.WARNING, "loader session stays at the server's isolation level connection={0}"
                    + " code={1} cause={2}", s.id(), e.getErrorCode(), e.getMessage());
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < sessions.length; i++) {
            drop(i);
        }
    }
}
