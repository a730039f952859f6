package dev.drainer.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.checkpoint.MysqlEndpoint;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MariaDbExtension.class)
class LoaderTest {
    static MysqlEndpoint endpoint(MariaDb db) {
        return new MysqlEndpoint(db.host(), db.port(), db.user(), db.password(), Duration.ofSeconds(5),
                Duration.ofSeconds(60), List.of("SET time_zone = '+00:00'"));
    }

    static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<String> dump(MariaDb db, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = db.connect(null); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    sb.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    @Test
    void appliesDdlAndRowChangesInBothModes(MariaDb db) throws Exception {
        String d = db.createDatabase("ld");
        for (boolean safe : new boolean[] {false, true}) {
            String t = safe ? "s" : "n";
            try (Loader loader = new Loader(endpoint(db), LoaderOptions.of(4, 2, true, true), safe)) {
                loader.apply(List.of(
                        Txn.ofDdl(1, new Ddl(d, t, "CREATE TABLE " + t + " (id BIGINT UNSIGNED PRIMARY KEY, uk INT UNIQUE,"
                                + " v VARCHAR(20), g INT AS (uk + 1) VIRTUAL, b BIT(64))"), null),
                        Txn.ofDml(2, List.of(
                                new Dml(d, t, DmlType.INSERT, row("id", 1L, "uk", 10L, "v", "a", "g", 999L, "b", 5L), Map.of()),
                                new Dml(d, t, DmlType.INSERT, row("id", new BigInteger("18446744073709551615"), "uk", 11L,
                                        "v", "\uD83D\uDE00", "b", new BigInteger("18446744073709551615")), Map.of()),
                                new Dml(d, t, DmlType.INSERT, row("id", 3L, "uk", null, "v", null, "b", null), Map.of())), null),
                        Txn.ofDml(3, List.of(
                                // the unique value 10 moves from row 1 to row 3
                                new Dml(d, t, DmlType.UPDATE, row("id", 1L, "uk", 12L, "v", "a2", "b", 5L),
                                        row("id", 1L, "uk", 10L, "v", "a", "b", 5L)),
                                new Dml(d, t, DmlType.UPDATE, row("id", 3L, "uk", 10L, "v", "c", "b", null),
                                        row("id", 3L, "uk", null, "v", null, "b", null)),
                                // the primary key changes
                                new Dml(d, t, DmlType.UPDATE, row("id", 4L, "uk", 11L, "v", "x", "b", 1L),
                                        row("id", new BigInteger("18446744073709551615"), "uk", 11L, "v", "\uD83D\uDE00",
                                                "b", new BigInteger("18446744073709551615")))), null),
                        Txn.ofDml(4, List.of(new Dml(d, t, DmlType.DELETE, row("id", 3L, "uk", 10L, "v", "c", "b", null),
                                Map.of())), null)));
            }
            assertEquals(List.of("1|12|a2|13|5", "4|11|x|12|1"),
                    dump(db, "SELECT id, uk, v, g, CAST(b AS UNSIGNED) FROM `" + d + "`.`" + t + "` ORDER BY id"),
                    "safe=" + safe);
        }
    }

    /**
     * Merged updates outside safe mode do per row what the Go drainer's UPDATE does: a key change moves the
     * row, a missing row stays missing, a column only the downstream has keeps its value, and a new unique
     * value another row holds fails the chunk (1062) and rolls it back.
     */
    @Test
    void mergedUpdatesKeepTheGoUpdateSemantics(MariaDb db) throws Exception {
        String d = db.createDatabase("lu");
        db.execute("CREATE TABLE `" + d + "`.t (id INT PRIMARY KEY, uk VARCHAR(8) COLLATE utf8mb4_unicode_ci UNIQUE,"
                        + " v VARCHAR(8), local_only VARCHAR(8) DEFAULT 'dflt') DEFAULT CHARSET=utf8mb4",
                "INSERT INTO `" + d + "`.t VALUES (1,'a','x','kept'),(2,'b','x','kept'),(3,'c','x','kept'),(4,'d','x','kept')");
        List<Dml> updates = List.of(
                new Dml(d, "t", DmlType.UPDATE, row("id", 1L, "uk", "a", "v", "y"), row("id", 1L, "uk", "a", "v", "x")),
                new Dml(d, "t", DmlType.UPDATE, row("id", 20L, "uk", "b2", "v", "y"), row("id", 2L, "uk", "b", "v", "x")),
                new Dml(d, "t", DmlType.UPDATE, row("id", 99L, "uk", "z", "v", "y"), row("id", 98L, "uk", "m", "v", "x")));
        try (Loader loader = new Loader(endpoint(db), LoaderOptions.of(1, 100, true, true), false)) {
            loader.apply(List.of(Txn.ofDml(1, updates, null)));
            assertEquals(List.of("1|a|y|kept", "3|c|x|kept", "4|d|x|kept", "20|b2|y|kept"),
                    dump(db, "SELECT id, uk, v, local_only FROM `" + d + "`.t ORDER BY id"));

            List<Dml> taken = List.of(
                    new Dml(d, "t", DmlType.UPDATE, row("id", 3L, "uk", "c", "v", "z"), row("id", 3L, "uk", "c", "v", "x")),
                    new Dml(d, "t", DmlType.UPDATE, row("id", 4L, "uk", "A", "v", "z"), row("id", 4L, "uk", "d", "v", "x")));
            LoaderException e = assertThrows(LoaderException.class, () -> loader.apply(List.of(Txn.ofDml(2, taken, null))));
            assertTrue(e.deterministic() && e.getMessage().contains("UPDATE of 2 row(s)")
                    && e.getMessage().contains("MySQL error 1062"), e.getMessage());
        }
        assertEquals(List.of("1|a|y|kept", "3|c|x|kept", "4|d|x|kept", "20|b2|y|kept"),
                dump(db, "SELECT id, uk, v, local_only FROM `" + d + "`.t ORDER BY id"), "the failed chunk rolled back");
    }

    @Test
    void withoutDispatchEveryUpstreamTransactionIsOneDownstreamTransaction(MariaDb db) throws Exception {
        String d = db.createDatabase("ld");
        db.execute("CREATE TABLE `" + d + "`.t (id INT PRIMARY KEY, v TINYINT)");
        LoaderOptions opts = LoaderOptions.of(8, 1, false, true).withRetries(1, 1, Duration.ofMillis(1));
        assertEquals(1, opts.workerCount());
        try (Loader loader = new Loader(endpoint(db).withSessionSql(List.of("SET sql_mode='STRICT_ALL_TABLES'")),
                opts, false)) {
            loader.apply(List.of(Txn.ofDml(1, List.of(new Dml(d, "t", DmlType.INSERT, row("id", 1L, "v", 1L), Map.of())), null)));
            // The second row of this transaction fails, so its first row must not stay behind.
            assertThrows(LoaderException.class, () -> loader.apply(List.of(Txn.ofDml(2, List.of(
                    new Dml(d, "t", DmlType.INSERT, row("id", 2L, "v", 2L), Map.of()),
                    new Dml(d, "t", DmlType.INSERT, row("id", 3L, "v", 100000L), Map.of())), null))));
        }
        assertEquals(List.of("1"), dump(db, "SELECT id FROM `" + d + "`.t"));
    }
}
