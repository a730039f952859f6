package dev.drainer.testkit.downstream;

import com.google.protobuf.ByteString;
import dev.drainer.testkit.workload.ColumnDef;
import dev.drainer.testkit.workload.ColumnType;
import dev.drainer.testkit.workload.DatabaseState;
import dev.drainer.testkit.workload.JsonText;
import dev.drainer.testkit.workload.SecondaryIndex;
import dev.drainer.testkit.workload.SqlLiterals;
import dev.drainer.testkit.workload.TableContent;
import dev.drainer.testkit.workload.TableDef;
import dev.drainer.testkit.workload.TemporalText;
import dev.drainer.testkit.workload.Workload;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the actual contents of workload tables from a MySQL/MariaDB database into the model's
 * canonical value forms, so they compare with expected states.
 *
 * <p>Only tables and columns that exist downstream are read (a table or column not created yet is
 * simply absent, which a comparison reports); a downstream column the definitions do not know is
 * read as text. All tables are read in one consistent-snapshot transaction (an open transaction of the
 * connection is committed first, implicitly). TIMESTAMPs are read at UTC: the session's time_zone is
 * switched for the read and restored afterwards.
 */
public final class DownstreamReader {
    private DownstreamReader() {
    }

    /** Reads every table the workload ever creates, as it exists downstream now. */
    public static DatabaseState read(Connection c, Workload workload) throws SQLException {
        return read(c, workload.schema(), workload.finalTables());
    }

    /** Reads the given tables of {@code schema}; {@code defs} give the column types (by column name). */
    public static DatabaseState read(Connection c, String schema, Collection<TableDef> defs) throws SQLException {
        String savedZone;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@session.time_zone")) {
            rs.next();
            savedZone = rs.getString(1);
        }
        try (Statement s = c.createStatement()) {
            s.execute("SET time_zone = '+00:00'");
            // One snapshot for all tables, so a read racing a writer still sees one committed state.
            s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            s.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT");
        }
        try {
            Map<String, TableContent> tables = new LinkedHashMap<>();
            for (TableDef def : defs) {
                List<String> downstreamColumns = columns(c, schema, def.name());
                if (!downstreamColumns.isEmpty()) {
                    TableDef actual = actualDef(def, downstreamColumns);
                    tables.put(def.name(), readTable(c, actual));
                }
            }
            return new DatabaseState(schema, tables);
        } finally {
            try (Statement s = c.createStatement()) {
                s.execute("COMMIT");
            }
            try (PreparedStatement p = c.prepareStatement("SET time_zone = ?")) {
                p.setString(1, savedZone);
                p.execute();
            }
        }
    }

    /**
     * The non-unique indexes of each table of {@code schema} as they exist downstream (table name →
     * indexes in name order), to compare with {@link TableDef#indexes()} of the expected state.
     */
    public static Map<String, List<SecondaryIndex>> secondaryIndexes(Connection c, String schema) throws SQLException {
        Map<String, Map<String, List<String>>> byTable = new TreeMap<>();
        try (PreparedStatement p = c.prepareStatement("SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME FROM information_schema.STATISTICS"
                + " WHERE TABLE_SCHEMA = ? AND NON_UNIQUE = 1 ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX")) {
            p.setString(1, schema);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    byTable.computeIfAbsent(rs.getString(1), t -> new TreeMap<>())
                            .computeIfAbsent(rs.getString(2), i -> new ArrayList<>()).add(rs.getString(3));
                }
            }
        }
        Map<String, List<SecondaryIndex>> out = new TreeMap<>();
        byTable.forEach((table, indexes) -> out.put(table,
                indexes.entrySet().stream().map(e -> new SecondaryIndex(e.getKey(), e.getValue())).toList()));
        return out;
    }

    /** What {@link #secondaryIndexes} should read for an expected state: its tables' indexes in name order, tables without any left out. */
    public static Map<String, List<SecondaryIndex>> secondaryIndexes(DatabaseState expected) {
        Map<String, List<SecondaryIndex>> out = new TreeMap<>();
        for (TableContent t : expected.tables().values()) {
            if (!t.def().indexes().isEmpty()) {
                out.put(t.name(), t.def().indexes().stream()
                        .sorted(java.util.Comparator.comparing(SecondaryIndex::name)).toList());
            }
        }
        return out;
    }

    private static List<String> columns(Connection c, String schema, String table) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("SELECT COLUMN_NAME FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
            p.setString(1, schema);
            p.setString(2, table);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** The model's definition restricted to the columns present downstream (model order), plus unknown ones as text. */
    private static TableDef actualDef(TableDef def, List<String> downstream) {
        List<ColumnDef> cols = new ArrayList<>();
        for (ColumnDef col : def.columns()) {
            if (downstream.contains(col.name())) {
                cols.add(col);
            }
        }
        for (String name : downstream) {
            if (def.columnIndex(name) < 0) {
                cols.add(ColumnDef.sized(name, ColumnType.TEXT, 0));
            }
        }
        for (String keyCol : def.identityKey().columns()) {
            if (!downstream.contains(keyCol)) {
                throw new IllegalStateException(def.name() + ": downstream lacks key column " + keyCol);
            }
        }
        return new TableDef(def.schema(), def.name(), cols, def.primaryKey(), def.uniqueKeys());
    }

    private static TableContent readTable(Connection c, TableDef def) throws SQLException {
        List<String> exprs = new ArrayList<>();
        for (ColumnDef col : def.columns()) {
            exprs.add(selectExpression(col));
        }
        String sql = "SELECT " + String.join(", ", exprs) + " FROM " + SqlLiterals.qualified(def.schema(), def.name());
        Map<List<Object>, List<Object>> rows = new LinkedHashMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 0; i < def.columns().size(); i++) {
                    row.add(value(def.columns().get(i), rs, i + 1));
                }
                List<Object> frozen = java.util.Collections.unmodifiableList(row);
                if (rows.put(def.keyOf(frozen), frozen) != null) {
                    throw new IllegalStateException(def.name() + ": two downstream rows with key " + def.keyOf(frozen));
                }
            }
        }
        return new TableContent(def, rows);
    }

    /** Server-side formatting where JDBC's own conversions would lose or shift something. */
    private static String selectExpression(ColumnDef col) {
        String id = SqlLiterals.ident(col.name());
        return switch (col.type()) {
            // Exact server strings: no JDBC time-zone or java.sql.Time (24 h range) conversions.
            case DATE, DATETIME, TIMESTAMP, TIME -> "CAST(" + id + " AS CHAR)";
            case YEAR -> id + " + 0";
            case BIT -> "HEX(" + id + ")";
            default -> id;
        };
    }

    private static Object value(ColumnDef col, ResultSet rs, int i) throws SQLException {
        if (col.type().category() == ColumnType.Category.BYTES) {
            byte[] b = rs.getBytes(i);
            return b == null ? null : ByteString.copyFrom(b);
        }
        String s = rs.getString(i);
        if (s == null) {
            return null;
        }
        return switch (col.type()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT -> new BigInteger(s);
            case FLOAT -> Float.parseFloat(s);
            case DOUBLE -> Double.parseDouble(s);
            case DECIMAL -> atScale(new BigDecimal(s), col.scale());
            case DATE -> TemporalText.parseDate(s);
            case DATETIME, TIMESTAMP -> TemporalText.parseDateTime(s);
            case TIME -> TemporalText.parseTime(s);
            case YEAR -> Integer.parseInt(s);
            case BIT -> Long.parseUnsignedLong(s, 16);
            case JSON -> JsonText.canonicalOrRaw(s);
            default -> s;
        };
    }

    private static BigDecimal atScale(BigDecimal d, int scale) {
        try {
            return d.setScale(scale, RoundingMode.UNNECESSARY);
        } catch (ArithmeticException e) {
            return d; // more digits than the column holds: keep them, the comparison will show it
        }
    }
}
