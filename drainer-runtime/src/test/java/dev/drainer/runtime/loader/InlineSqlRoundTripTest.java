package dev.drainer.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.checkpoint.MysqlEndpoint;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Inlined literals against the bound parameters of Connector/J's client-side prepared statements (what
 * the loader sent before), on MariaDB: the same multi-row INSERT and the same DELETE … IN by strings,
 * binary values and doubles must leave identical tables, and strings must read back as written, in a
 * session with and without NO_BACKSLASH_ESCAPES. The bound reference always runs without it: Connector/J
 * does not notice the mode when session SQL sets it after connecting, and then escapes backslashes
 * that the server keeps (a newline arrives as backslash-n), which the inlined form does not do.
 */
@ExtendWith(MariaDbExtension.class)
class InlineSqlRoundTripTest {
    private static final String COLUMNS = "(id INT PRIMARY KEY, s VARCHAR(64) CHARACTER SET utf8mb4,"
            + " t TEXT CHARACTER SET utf8mb4, b VARBINARY(300), bl BLOB, i BIGINT, u BIGINT UNSIGNED, f DOUBLE,"
            + " bits BIT(64), n INT, dc DECIMAL(30,0), l VARCHAR(64) CHARACTER SET latin1, j JSON,"
            + " e ENUM('a','\u00fc','\u4e2d') CHARACTER SET utf8mb4)";
    private static final List<String> STRINGS = List.of("plain", "it's", "back\\slash", "\\'", "'\\", "\\", "''",
            "quote\"double", "nul\0byte", "new\nline\r\ttab", "ctrl-z\032", "4-byte \uD83D\uDE00 \uD83C\uDF89", "中文 é ü €",
            "", "?", "`tick`", "%_\\%\\_", "{fn now()}", "\\0\\n", "x");
    /** Latin-1 text (written as UTF-8 hex, converted by the server), JSON and ENUM values with non-ASCII characters. */
    private static final List<String> LATIN1 = List.of("caf\u00e9 \u00fc", "plain", "\u00c5ngstr\u00f6m");
    private static final List<String> JSONS = List.of("{\"k\": \"\u00fc \uD83D\uDE00\"}", "[1, \"a'b\"]", "\"\u4e2d\"");
    private static final List<String> ENUMS = List.of("a", "\u00fc", "\u4e2d");
    private static final List<byte[]> BYTES = List.of(new byte[] {0, 1, 2, 0x5c, 0x27, 0x22, (byte) 0xff, (byte) 0x80},
            new byte[0], "plain".getBytes(StandardCharsets.UTF_8), allBytes(), new byte[] {0x5c}, new byte[] {0x27, 0x27});
    private static final List<Long> LONGS = List.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE);
    private static final List<Object> UNSIGNED = List.of(0L, Long.MAX_VALUE, new BigInteger("9223372036854775808"),
            new BigInteger("18446744073709551615"));
    private static final List<Double> DOUBLES = List.of(0.0, -0.0, 1.5, -2.25e-300, 1e20, 1.7976931348623157E308,
            4.9E-324, 123456.789, -1e-5);

    @ParameterizedTest(name = "noBackslashEscapes={0}")
    @ValueSource(booleans = {false, true})
    void inlinedStatementsLeaveTheRowsBoundStatementsLeave(boolean noBackslashEscapes, MariaDb db) throws Exception {
        String d = db.createDatabase("lit");
        db.execute("USE `" + d + "`", "CREATE TABLE ref" + COLUMNS, "CREATE TABLE lit" + COLUMNS);
        List<String> session = new ArrayList<>(List.of("SET time_zone = '+00:00'"));
        if (noBackslashEscapes) {
            session.add("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')");
        }
        MysqlEndpoint endpoint = new MysqlEndpoint(db.host(), db.port(), db.user(), db.password(), Duration.ofSeconds(5),
                Duration.ofSeconds(60), session);
        List<Map<String, Object>> rows = rows();
        try (WorkerSessions sessions = new WorkerSessions(endpoint, 1); Connection refSession = db.connect(d)) {
            WorkerSessions.Session s = sessions.get(0);
            assertEquals(noBackslashEscapes, s.noBackslashEscapes(), "the session's sql_mode as the loader reads it");
            for (String table : List.of("ref", "lit")) {
                String quoted = "`" + d + "`.`" + table + "`";
                List<Form> forms = List.of(
                        out -> SqlBuilder.writeRows(out, RowOp.Kind.INSERT, quoted, rows),
                        out -> SqlBuilder.deleteRows(out, quoted, List.of("s"), keys("s", STRINGS.subList(0, 8))),
                        out -> SqlBuilder.deleteRows(out, quoted, List.of("s"), keys("s", STRINGS.subList(11, 13))),
                        out -> SqlBuilder.deleteRows(out, quoted, List.of("b"), keys("b", BYTES.subList(0, 3))),
                        out -> SqlBuilder.deleteRows(out, quoted, List.of("f"), keys("f", DOUBLES.subList(4, 7))));
                List<String> verbs = List.of("INSERT", "DELETE", "DELETE", "DELETE", "DELETE");
                for (int i = 0; i < forms.size(); i++) {
                    if (table.equals("ref")) {
                        Statement.Template template = new Statement.Template();
                        forms.get(i).write(template);
                        bound(refSession, template.statement());
                    } else {
                        InlineSql text = new InlineSql(new SqlText(0), s.noBackslashEscapes());
                        forms.get(i).write(text);
                        Loader.execute(s.connection(), verbs.get(i), text);
                    }
                }
            }
        }
        List<String> ref = LoaderTest.dump(db, dumpSql(d, "ref"));
        List<String> lit = LoaderTest.dump(db, dumpSql(d, "lit"));
        assertTrue(ref.size() > 3 && ref.size() < rows.size(), "the deletes matched some rows, not all: " + ref.size());
        assertEquals(ref, lit);
        Map<Integer, Map<String, Object>> byId = rows.stream().collect(Collectors.toMap(r -> ((Long) r.get("id")).intValue(), r -> r));
        try (Connection c = db.connect(d); java.sql.Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, s, t, b, l, e FROM lit")) {
            while (rs.next()) {
                Map<String, Object> row = byId.get(rs.getInt(1));
                assertEquals(row.get("s"), rs.getString(2));
                assertEquals(row.get("t"), rs.getString(3));
                assertEquals(hex((byte[]) row.get("b")), hex(rs.getBytes(4)));
                assertEquals(row.get("l"), rs.getString(5));
                assertEquals(row.get("e"), rs.getString(6));
            }
        }
    }

    /** One statement of SqlBuilder, written to either sink. */
    private interface Form {
        void write(SqlSink<?> out) throws Exception;
    }

    private static String dumpSql(String d, String table) {
        return "SELECT id, HEX(s), HEX(t), HEX(b), HEX(bl), i, u, f, HEX(bits), n, dc, HEX(l), HEX(j), HEX(e) FROM `"
                + d + "`.`" + table
                + "` ORDER BY id";
    }

    /** One row per value of the longest list, every other list cycled; the last row is all NULL. */
    private static List<Map<String, Object>> rows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int k = 0; k < STRINGS.size(); k++) {
            Map<String, Object> r = new HashMap<>();
            r.put("id", (long) k);
            r.put("s", STRINGS.get(k));
            r.put("t", STRINGS.get((k + 7) % STRINGS.size()));
            r.put("b", BYTES.get(k % BYTES.size()));
            r.put("bl", BYTES.get((k + 1) % BYTES.size()));
            r.put("i", LONGS.get(k % LONGS.size()));
            r.put("u", UNSIGNED.get(k % UNSIGNED.size()));
            r.put("f", DOUBLES.get(k % DOUBLES.size()));
            r.put("bits", UNSIGNED.get((k + 1) % UNSIGNED.size()));
            // A binary string and a string into an INT column: both are strings there, never hex numbers.
            r.put("n", k % 2 == 0 ? ("" + k).getBytes(StandardCharsets.UTF_8) : "" + k);
            r.put("dc", UNSIGNED.get((k + 2) % UNSIGNED.size()));
            r.put("l", LATIN1.get(k % LATIN1.size()));
            r.put("j", JSONS.get(k % JSONS.size()));
            r.put("e", ENUMS.get(k % ENUMS.size()));
            rows.add(r);
        }
        Map<String, Object> nulls = new HashMap<>();
        for (String col : rows.get(0).keySet()) {
            nulls.put(col, null);
        }
        nulls.put("id", (long) rows.size());
        rows.add(nulls);
        return rows;
    }

    private static List<Map<String, Object>> keys(String column, List<?> values) {
        return values.stream().map(v -> Map.<String, Object>of(column, v)).toList();
    }

    /** What the loader did before: Connector/J's client-side prepared statement with bound values. */
    private static void bound(Connection c, Statement st) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(st.sql())) {
            for (int i = 0; i < st.args().size(); i++) {
                Object v = st.args().get(i);
                int index = i + 1;
                if (v == null) {
                    ps.setNull(index, Types.NULL);
                } else if (v instanceof Long l) {
                    ps.setLong(index, l);
                } else if (v instanceof BigInteger b) {
                    ps.setBigDecimal(index, new BigDecimal(b));
                } else if (v instanceof Double x) {
                    ps.setDouble(index, x);
                } else if (v instanceof String s) {
                    ps.setString(index, s);
                } else {
                    ps.setBytes(index, (byte[]) v);
                }
            }
            ps.execute();
        }
    }

    private static byte[] allBytes() {
        byte[] b = new byte[256];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static String hex(byte[] b) {
        return b == null ? null : java.util.HexFormat.of().formatHex(b);
    }
}
