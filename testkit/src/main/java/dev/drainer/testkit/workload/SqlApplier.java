package dev.drainer.testkit.workload;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Applies workload transactions to a database with the model's own SQL ({@link SqlRenderer}): a
 * reference replayer, e.g. to build an expected downstream or to play "upstream" in a demo.
 */
public final class SqlApplier {
    private SqlApplier() {
    }

    /**
     * Applies one transaction: a DDL as is, DML in one database transaction. The session should run at
     * UTC (TIMESTAMP literals are UTC). Leaves the connection in auto-commit mode.
     */
    public static void apply(Connection c, Transaction t) throws SQLException {
        List<String> sql = SqlRenderer.statements(t);
        try (Statement s = c.createStatement()) {
            if (t.isDdl()) {
                c.setAutoCommit(true);
                for (String q : sql) {
                    s.execute(q);
                }
                return;
            }
            c.setAutoCommit(false);
            try {
                for (String q : sql) {
                    int n = s.executeUpdate(q);
                    if (n != 1) {
                        throw new SQLException("expected 1 affected row, got " + n + ": " + abbreviate(q));
                    }
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Applies transactions in order. */
    public static void applyAll(Connection c, List<Transaction> transactions) throws SQLException {
        for (Transaction t : transactions) {
            apply(c, t);
        }
    }

    private static String abbreviate(String q) {
        return q.length() > 300 ? q.substring(0, 300) + "…" : q;
    }
}
