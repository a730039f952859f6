package dev.drainer.runtime.loader;

import static dev.drainer.runtime.loader.LoaderTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.checkpoint.MysqlEndpoint;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Deterministic refusals fail at the first attempt and name table, verb, keys and MySQL code; lock
 * waits are retried (and pass once the lock is gone, or fail after the last attempt).
 */
@ExtendWith(MariaDbExtension.class)
class LoaderErrorsTest {
    private static MysqlEndpoint strict(MariaDb db) {
        return LoaderTest.endpoint(db).withSessionSql(List.of("SET time_zone = '+00:00'",
                "SET sql_mode = 'STRICT_ALL_TABLES'", "SET innodb_lock_wait_timeout = 1"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "out of range|1264|v|100000",
        "data too long|1406|s|abcdef",
        "not null|1048|nn|NULL",
        "duplicate key outside safe mode|1062|id|EXISTING"})
    void deterministicRefusalsFailAtOnceNamingTheRows(String what, int code, String column, String value, MariaDb db)
            throws Exception {
        String d = db.createDatabase("le");
        db.execute("CREATE TABLE `" + d + "`.t (id INT PRIMARY KEY, v TINYINT, s VARCHAR(3), nn INT NOT NULL)",
                "INSERT INTO `" + d + "`.t VALUES (1, 1, 'a', 1)");
        List<Dml> rows = new ArrayList<>();
        for (long id = 10; id < 16; id++) {
            rows.add(new Dml(d, "t", DmlType.INSERT, row("id", id, "v", 1L, "s", "x", "nn", 1L), Map.of()));
        }
        Map<String, Object> bad = row("id", 16L, "v", 1L, "s", "x", "nn", 1L);
        bad.put(column, switch (value) {
            case "NULL" -> null;
            case "EXISTING" -> 1L;
            default -> value.matches("\\d+") ? (Object) Long.parseLong(value) : value;
        });
        rows.add(new Dml(d, "t", DmlType.INSERT, bad, Map.of()));
        // The Go policy: 100 attempts a second apart; a deterministic error must not use any of them.
        try (Loader loader = new Loader(strict(db), LoaderOptions.of(1, 20, true, true), false)) {
            LoaderException e = assertThrows(LoaderException.class, () -> loader.apply(List.of(Txn.ofDml(1, rows, null))));
            assertTrue(e.deterministic(), e.getMessage());
            assertEquals(0, loader.retries(), what + " was retried: " + e.getMessage());
            for (String part : List.of("INSERT of 7 row(s) in `" + d + "`.`t`", "keys=[(id=10), (id=11)",
                    "MySQL error " + code, "not retried")) {
                assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
            }
        }
        assertEquals(List.of("1"), LoaderTest.dump(db, "SELECT id FROM `" + d + "`.t"), "the chunk was rolled back");
    }

    @Test
    void aMissingTableFailsAtOnce(MariaDb db) throws Exception {
        String d = db.createDatabase("le");
        try (Loader loader = new Loader(strict(db), LoaderOptions.of(2, 20, true, true), true)) {
            LoaderException e = assertThrows(LoaderException.class, () -> loader.apply(List.of(Txn.ofDml(1,
                    List.of(new Dml(d, "nope", DmlType.INSERT, row("id", 1L), Map.of())), null))));
            assertTrue(e.deterministic() && e.getMessage().contains("`" + d + "`.`nope`")
                    && e.getMessage().contains("MySQL error 1146"), e.getMessage());
            assertEquals(0, loader.retries());
        }
    }

    @Test
    void aLockWaitIsRetriedUntilTheLockIsGoneOnTheSameConnection(MariaDb db) throws Exception {
        String d = db.createDatabase("le");
        db.execute("CREATE TABLE `" + d + "`.t (id INT PRIMARY KEY, v INT)", "INSERT INTO `" + d + "`.t VALUES (1, 1)",
                "CREATE TABLE `" + d + "`.opened (id BIGINT)");
        // Every connection the loader opens says so as it opens.
        List<String> sessionSql = new ArrayList<>(strict(db).sessionSql());
        sessionSql.add("INSERT INTO `" + d + "`.opened VALUES (CONNECTION_ID())");
        try (Connection holder = db.connect(d); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.executeQuery("SELECT * FROM t WHERE id = 1 FOR UPDATE").close();
            AtomicInteger begins = new AtomicInteger();
            LoaderOptions opts = LoaderOptions.of(1, 20, true, true).withRetries(10, 1, Duration.ofMillis(10))
                    .withProbe(p -> {
                        if (p.equals("loader.chunk.begin") && begins.incrementAndGet() == 3) {
                            try {
                                holder.rollback();
                            } catch (java.sql.SQLException e) {
                                throw new IllegalStateException(e);
                            }
                        }
                    });
            try (Loader loader = new Loader(strict(db).withSessionSql(sessionSql), opts, false)) {
                loader.apply(List.of(Txn.ofDml(1, List.of(new Dml(d, "t", DmlType.UPDATE, row("id", 1L, "v", 2L),
                        row("id", 1L, "v", 1L))), null)));
                assertEquals(2, loader.retries(), "two lock wait timeouts, then the lock was released");
            }
        }
        assertEquals(List.of("1|2"), LoaderTest.dump(db, "SELECT id, v FROM `" + d + "`.t"));
        assertEquals(List.of("2"), LoaderTest.dump(db, "SELECT COUNT(*) FROM `" + d + "`.opened"),
                "the table-info session and one worker session: a lock conflict keeps the worker's connection");
    }

    @Test
    void aFaultOfOursInsideAChunkRollsItBackAndIsNotRetried(MariaDb db) throws Exception {
        String d = db.createDatabase("le");
        db.execute("CREATE TABLE `" + d + "`.t (id INT PRIMARY KEY, v INT)", "CREATE TABLE `" + d + "`.u (id INT PRIMARY KEY)");
        AtomicInteger mids = new AtomicInteger();
        LoaderOptions opts = LoaderOptions.of(1, 20, true, true).withProbe(p -> {
            if (p.equals("loader.chunk.mid")) {
                mids.incrementAndGet();
                throw new IllegalStateException("planted fault");
            }
        });
        List<Dml> rows = List.of(new Dml(d, "t", DmlType.INSERT, row("id", 10L, "v", 1L), Map.of()),
                new Dml(d, "u", DmlType.INSERT, row("id", 10L), Map.of()));
        try (Loader loader = new Loader(strict(db), opts, false)) {
            LoaderException e = assertThrows(LoaderException.class, () -> loader.apply(List.of(Txn.ofDml(1, rows, null))));
            assertTrue(e.deterministic(), e.getMessage());
            assertTrue(e.getMessage().contains("(rolled back)") && e.getMessage().contains("planted fault"), e.getMessage());
            assertEquals(1, mids.get(), "not retried");
            // With the loader still open: its chunk's row locks are gone (before the fix its transaction stayed open
            // and these inserts waited for them), and nothing of the chunk was committed.
            try (Connection other = db.connect(d); Statement s = other.createStatement()) {
                s.execute("SET innodb_lock_wait_timeout = 1");
                s.execute("INSERT INTO t VALUES (10, 2)");
                s.execute("INSERT INTO u VALUES (10)");
            }
        }
        assertEquals(List.of("10|2"), LoaderTest.dump(db, "SELECT id, v FROM `" + d + "`.t"));
    }

    @Test
    void aLockWaitThatOutlastsTheAttemptsFailsNamingTheStatement(MariaDb db) throws Exception {
        String d = db.createDatabase("le");
        db.execute("CREATE TABLE `" + d + "`.t (id INT PRIMARY KEY, v INT)", "INSERT INTO `" + d + "`.t VALUES (1, 1)");
        try (Connection holder = db.connect(d); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.executeQuery("SELECT * FROM t WHERE id = 1 FOR UPDATE").close();
            LoaderOptions opts = LoaderOptions.of(1, 20, true, true).withRetries(2, 1, Duration.ofMillis(10));
            try (Loader loader = new Loader(strict(db), opts, true)) {
                LoaderException e = assertThrows(LoaderException.class, () -> loader.apply(List.of(Txn.ofDml(1,
                        List.of(new Dml(d, "t", DmlType.DELETE, row("id", 1L, "v", 1L), Map.of())), null))));
                assertFalse(e.deterministic());
                assertTrue(e.getMessage().contains("after 2 attempts") && e.getMessage().contains("MySQL error 1205")
                        && e.getMessage().contains("DELETE of 1 row(s) in `" + d + "`.`t` keys=[(id=1)]"), e.getMessage());
                assertEquals(2, loader.retries());
            }
            holder.rollback();
        }
    }

    @Test
    void errorClasses() {
        assertEquals(DownstreamError.CONNECTION_LOST, DownstreamError.of(new java.sql.SQLException("gone", "08S01", 0)));
        assertEquals(DownstreamError.CONNECTION_LOST, DownstreamError.of(new java.sql.SQLException("killed", "70100", 1927)));
        assertEquals(DownstreamError.TRANSIENT, DownstreamError.of(new java.sql.SQLException("deadlock", "40001", 1213)));
        assertEquals(DownstreamError.TRANSIENT, DownstreamError.of(new java.sql.SQLException("lock wait", "HY000", 1205)));
        assertEquals(DownstreamError.TRANSIENT, DownstreamError.of(new java.sql.SQLException("no parent row", "23000", 1452)));
        assertEquals(DownstreamError.DETERMINISTIC, DownstreamError.of(new java.sql.SQLException("syntax", "42000", 1064)));
        assertEquals(DownstreamError.DETERMINISTIC, DownstreamError.of(new java.sql.SQLException("unknown column", "42S22", 1054)));
    }
}
