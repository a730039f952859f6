package dev.drainer.checkpoint;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** Whether a JDBC failure means the connection is gone or going (rather than a refused statement). */
public final class ConnectionLoss {
    /** Server and client error codes of a connection that is gone or going. */
    private static final Set<Integer> CONNECTION_CODES = Set.of(
            1053, // server shutdown in progress
            1152, 1153, 1158, 1159, 1160, 1161, // aborted connection, packet read/write errors and timeouts
            1927, // MariaDB: connection was killed
            2002, 2003, 2006, 2013, 2055); // cannot connect, server gone away, lost connection

    private ConnectionLoss() {
    }

    /** True when {@code e} says the connection failed: its class, SQLState class 08, or one of the connection codes. */
    public static boolean of(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return e instanceof SQLRecoverableException || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLTransientConnectionException || state.startsWith("08")
                || CONNECTION_CODES.contains(e.getErrorCode());
    }
}
