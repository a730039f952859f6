package dev.drainer.runtime.loader;

import static dev.drainer.runtime.loader.LoaderTest.endpoint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Loader sessions run at READ COMMITTED, so chunks with disjoint keys do not meet on gap locks. */
@ExtendWith(MariaDbExtension.class)
class WorkerSessionsTest {
    @Test
    void sessionsRunAtReadCommitted(MariaDb db) throws Exception {
        try (WorkerSessions sessions = new WorkerSessions(endpoint(db), 1)) {
            assertEquals("READ-COMMITTED", isolation(sessions.get(0).connection()));
        }
    }

    /**
     * Two chunks delete missing keys 5 and 6 from the same gap, then insert them: at REPEATABLE READ each
     * insert waits for the other's gap lock (a deadlock); at READ COMMITTED neither waits.
     */
    @Test
    void disjointKeysInOneGapDoNotBlockEachOther(MariaDb db) throws Exception {
        String d = db.createDatabase("ws");
        db.execute("CREATE TABLE `" + d + "`.t (id INT PRIMARY KEY, v INT)",
                "INSERT INTO `" + d + "`.t VALUES (1, 0), (10, 0)");
        try (WorkerSessions sessions = new WorkerSessions(endpoint(db), 2)) {
            Connection a = sessions.get(0).connection();
            Connection b = sessions.get(1).connection();
            for (Connection c : new Connection[] {a, b}) {
                c.setAutoCommit(false);
                try (Statement s = c.createStatement()) {
                    s.execute("SET SESSION innodb_lock_wait_timeout = 2");
                }
            }
            run(a, "DELETE FROM `" + d + "`.t WHERE id = 5");
            run(b, "DELETE FROM `" + d + "`.t WHERE id = 6");
            long t0 = System.nanoTime();
            run(a, "INSERT INTO `" + d + "`.t VALUES (5, 1)");
            run(b, "INSERT INTO `" + d + "`.t VALUES (6, 1)");
            a.commit();
            b.commit();
            assertTrue(Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofSeconds(2)) < 0,
                    "an insert waited for a gap lock");
        }
        try (Connection c = db.connect(d); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            assertEquals(4, rs.getInt(1));
        }
    }

    @Test
    void lockConflictPausesStayShortAndGrow() {
        for (int n = 1; n <= 12; n++) {
            long ms = Loader.lockConflictPause(n).toMillis();
            long ceiling = Math.min(50, 5L << Math.min(n - 1, 4));
            assertTrue(ms >= ceiling / 2 && ms <= ceiling, "pause " + ms + " ms after " + n + " conflicts");
        }
    }

    private static void run(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** {@code transaction_isolation} (MySQL 8, MariaDB 11.1+) or {@code tx_isolation} (older servers). */
    private static String isolation(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String v : new String[] {"@@session.transaction_isolation", "@@session.tx_isolation"}) {
                try (ResultSet rs = s.executeQuery("SELECT " + v)) {
                    rs.next();
                    return rs.getString(1);
                } catch (SQLException e) {
                    if (e.getErrorCode() != 1193) { // unknown system variable
                        throw e;
                    }
                }
            }
        }
        throw new IllegalStateException("the server has neither transaction_isolation nor tx_isolation");
    }
}
