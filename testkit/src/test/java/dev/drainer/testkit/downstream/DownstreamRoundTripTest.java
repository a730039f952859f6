package dev.drainer.testkit.downstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import dev.drainer.testkit.workload.ColumnDef;
import dev.drainer.testkit.workload.DatabaseState;
import dev.drainer.testkit.workload.SqlApplier;
import dev.drainer.testkit.workload.TableContent;
import dev.drainer.testkit.workload.TableDef;
import dev.drainer.testkit.workload.TableShapes;
import dev.drainer.testkit.workload.Transaction;
import dev.drainer.testkit.workload.Workload;
import dev.drainer.testkit.workload.WorkloadSpec;
import dev.drainer.testkit.workload.Ddl;
import dev.drainer.testkit.workload.RowChange;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(MariaDbExtension.class)
class DownstreamRoundTripTest {

    @ParameterizedTest
    @ValueSource(longs = {7, 8, 9})
    void appliedWorkloadReadsBackEqualToTheModelAtAnIntermediateAndTheFinalTs(long seed, MariaDb db) throws Exception {
        String schema = db.createDatabase("roundtrip");
        Workload w = Workload.generate(WorkloadSpec.defaults(seed, schema).withTransactions(500).withDdlRatio(0.04));
        List<Transaction> txns = w.transactions();
        long mid = txns.get(txns.size() / 2).commitTs();
        try (Connection c = db.connect(schema)) {
            assertTrue(DownstreamReader.read(c, w).tables().isEmpty());
            SqlApplier.applyAll(c, w.upTo(mid));
            DatabaseState actual = DownstreamReader.read(c, w);
            StateComparator.compare(w.expectedAt(mid), actual).assertEqual();
            assertTrue(w.oracle().matchingSnapshots(actual).contains(mid));
            assertEquals(mid, w.oracle().matchingSnapshot(actual).orElseThrow());
            assertFalse(StateComparator.compare(w.expectedAt(w.firstCommitTs()), actual).isEqual());

            SqlApplier.applyAll(c, w.after(mid));
            actual = DownstreamReader.read(c, w);
            ComparisonResult fin = StateComparator.compare(w.expectedAt(w.lastCommitTs()), actual);
            fin.assertEqual();
            System.out.println("final: " + fin.report());
            assertTrue(actual.rowCount() > 100, "rows " + actual.rowCount());
            assertEquals(w.lastCommitTs(), w.oracle().matchingSnapshot(actual).orElseThrow());
        }
    }

    /** The model's idea of every DDL kind is what a real server does with the same statements. */
    @Test
    void everyDdlKindAppliedBySqlReadsBackEqualToTheModelAfterEachDdl(MariaDb db) throws Exception {
        String schema = db.createDatabase("allddl");
        Workload w = Workload.generate(WorkloadSpec.defaults(12, schema).withTransactions(400).withDdlRatio(0.12)
                .withAllDdlKinds());
        try (Connection c = db.connect(schema)) {
            for (Transaction t : w.transactions()) {
                SqlApplier.apply(c, t);
                if (t.isDdl()) {
                    DatabaseState expected = w.expectedAt(t.commitTs());
                    StateComparator.compare(expected, DownstreamReader.read(c, w)).assertEqual();
                    assertEquals(DownstreamReader.secondaryIndexes(expected), DownstreamReader.secondaryIndexes(c, schema),
                            t.ddl().sql());
                }
            }
            assertTrue(DownstreamReader.read(c, w).rowCount() > 50);
        }
    }

    @Test
    void comparisonNamesTheTamperedCellsAndRows(MariaDb db) throws Exception {
        String schema = db.createDatabase("tamper");
        Workload w = Workload.generate(WorkloadSpec.defaults(11, schema).withTransactions(120).withDdlRatio(0));
        try (Connection c = db.connect(schema); Statement s = c.createStatement()) {
            SqlApplier.applyAll(c, w.transactions());
            DatabaseState expected = w.expectedAt(w.lastCommitTs());
            StateComparator.compare(expected, DownstreamReader.read(c, w)).assertEqual();

            // JSON is compared structurally: reordered keys and other spacing are still equal.
            TableContent t1 = expected.table("t1");
            List<Object> row = t1.rows().values().stream()
                    .filter(r -> r.get(t1.def().columnIndex("c_json")) instanceof String j && j.startsWith("{")
                            && j.contains(", "))
                    .findFirst().orElseThrow();
            Object id = row.get(0);
            String json = (String) row.get(t1.def().columnIndex("c_json"));
            s.execute("UPDATE t1 SET c_json = JSON_COMPACT(c_json) WHERE id = " + id);
            s.execute("UPDATE t1 SET c_json = '" + reverseKeys(json).replace("'", "''").replace("\\", "\\\\")
                    + "' WHERE id = " + id);
            StateComparator.compare(expected, DownstreamReader.read(c, w)).assertEqual();

            s.execute("UPDATE t1 SET c_varchar = 'tampered' WHERE id = " + id);
            s.execute("SET time_zone = '+01:00'");
            s.execute("UPDATE t1 SET c_ts6 = '2001-02-03 04:05:06.5' WHERE id = " + id);
            s.execute("SET time_zone = '+00:00'");
            List<Object> gone = expected.table("t2").rows().keySet().iterator().next();
            s.execute("DELETE FROM t2 WHERE k = '" + gone.get(0) + "' AND n = " + gone.get(1));
            s.execute("INSERT INTO t3 (code) VALUES ('zz-extra')");

            ComparisonResult r = StateComparator.compare(expected, DownstreamReader.read(c, w));
            assertFalse(r.isEqual());
            String report = r.report();
            System.out.println(report);
            assertTrue(report.contains("t1 (id=" + id + ") column c_varchar: expected "), report);
            assertTrue(report.contains("actual 'tampered'"), report);
            assertTrue(report.contains("t1 (id=" + id + ") column c_ts6: expected ")
                    && report.contains("actual '2001-02-03 03:05:06.500000'"), report);
            assertTrue(report.contains("t2 (k='" + gone.get(0) + "', n=" + gone.get(1) + "): row missing"), report);
            assertTrue(report.contains("t3 (code='zz-extra'): unexpected row"), report);
            assertEquals(4, r.differences().size(), report);
            assertTrue(w.oracle().matchingSnapshot(DownstreamReader.read(c, w)).isEmpty());
        }
    }

    @Test
    void missingTablesAndColumnsAreReported(MariaDb db) throws Exception {
        String schema = db.createDatabase("partial");
        Workload w = Workload.generate(WorkloadSpec.defaults(5, schema).withTransactions(300).withDdlRatio(0.1));
        Transaction add = w.transactions().stream()
                .filter(t -> t.isDdl() && t.ddl().kind() == Ddl.Kind.ADD_COLUMN).findFirst().orElseThrow();
        try (Connection c = db.connect(schema)) {
            // Everything before the ALTER, then the ALTER's data without the ALTER itself: the column is missing.
            for (Transaction t : w.transactions()) {
                if (t == add) {
                    break;
                }
                SqlApplier.apply(c, t);
            }
            ComparisonResult r = StateComparator.compare(w.expectedAt(add.commitTs()), DownstreamReader.read(c, w));
            String column = add.ddl().tableAfter().columns().get(add.ddl().tableAfter().columns().size() - 1).name();
            assertTrue(r.report().contains(add.ddl().table() + ": column " + column + " missing"), r.report());
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE t1");
            }
            r = StateComparator.compare(w.expectedAt(add.commitTs()), DownstreamReader.read(c, w));
            assertTrue(r.report().contains("t1: table missing"), r.report());
        }
    }

    @Test
    void extremeValuesOfEveryTypeRoundTrip(MariaDb db) throws Exception {
        String schema = db.createDatabase("edge");
        TableDef def = TableShapes.table(TableShapes.Shape.INT_PK, schema, "edge");
        Map<List<Object>, List<Object>> rows = new LinkedHashMap<>();
        List<Transaction> txns = new ArrayList<>();
        txns.add(Transaction.ddl(1, Ddl.createTable(def)));
        List<RowChange> inserts = new ArrayList<>();
        for (int variant = 0; variant < 3; variant++) {
            List<Object> row = new ArrayList<>();
            for (ColumnDef col : def.columns()) {
                row.add(col.name().equals("id") ? BigInteger.valueOf(variant) : edge(col, variant));
            }
            inserts.add(RowChange.insert(def, row));
            rows.put(List.of(BigInteger.valueOf(variant)), row);
        }
        txns.add(Transaction.dml(2, inserts));
        try (Connection c = db.connect(schema)) {
            SqlApplier.applyAll(c, txns);
            DatabaseState actual = DownstreamReader.read(c, schema, List.of(def));
            DatabaseState expected = new DatabaseState(schema, Map.of("edge", new TableContent(def, rows)));
            StateComparator.compare(expected, actual).assertEqual();
            assertEquals(expected.contentHash(), actual.contentHash());
        }
    }

    /** Variant 0: maxima, 1: minima / negative extremes, 2: NULL where allowed, else zero-ish. */
    private static Object edge(ColumnDef c, int variant) {
        boolean max = variant == 0;
        if (variant == 2 && c.nullable()) {
            return null;
        }
        int bits = switch (c.type()) {
            case TINYINT -> 8;
            case SMALLINT -> 16;
            case MEDIUMINT -> 24;
            case INT -> 32;
            default -> 64;
        };
        return switch (c.type()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT -> variant == 2 ? BigInteger.ZERO : c.unsigned()
                    ? (max ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE) : BigInteger.ZERO)
                    : (max ? BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE)
                    : BigInteger.ONE.shiftLeft(bits - 1).negate());
            case FLOAT -> max ? 3.40282e38f : -1.17549e-38f;
            case DOUBLE -> max ? Double.MAX_VALUE : -Double.MIN_NORMAL;
            case DECIMAL -> new BigDecimal(BigInteger.TEN.pow(c.length()).subtract(BigInteger.ONE), c.scale())
                    .multiply(BigDecimal.valueOf(max ? 1 : -1));
            case DATE -> max ? LocalDate.of(9999, 12, 31) : LocalDate.of(1000, 1, 1);
            case DATETIME -> max ? LocalDateTime.of(9999, 12, 31, 23, 59, 59, c.fsp() == 6 ? 999_999_000 : 0)
                    : LocalDateTime.of(1000, 1, 1, 0, 0, 0);
            case TIMESTAMP -> max ? LocalDateTime.of(2038, 1, 19, 3, 14, 7, c.fsp() == 6 ? 999_999_000 : 0)
                    : LocalDateTime.of(1970, 1, 1, 0, 0, 1);
            case TIME -> {
                Duration d = Duration.ofHours(838).plusMinutes(59).plusSeconds(59)
                        .plusNanos(c.fsp() == 0 ? 0 : c.fsp() == 3 ? 999_000_000 : 999_999_000);
                yield max ? d : d.negated();
            }
            case YEAR -> max ? 2155 : 1901;
            case CHAR -> max ? "\uD83D\uDE00\u4e2d'\\\"" + "xxxxx" : "";
            case VARCHAR -> max ? "\uD83C\uDF89".repeat(100) : "trailing  ";
            case TEXT -> max ? "\u4e2d".repeat(21_845) : ""; // exactly 65535 bytes
            case BINARY -> ByteString.copyFrom(max ? new byte[] {-1, 0, 1, 2, 3, 4, 0, 0} : new byte[8]);
            case VARBINARY -> ByteString.copyFrom(max ? new byte[64] : new byte[] {32, 0});
            case BLOB -> ByteString.copyFrom(new byte[max ? 65_535 : 0]);
            case ENUM -> max ? "\u00fc" : "c d";
            case SET -> max ? "x,y,z,w" : "";
            case BIT -> max ? (c.length() == 64 ? -1L : (1L << c.length()) - 1) : 0L;
            case JSON -> max ? "{\"a\": [1, 2.5, \"\uD83D\uDE00\"], \"b\": {\"c\": null}}" : "\"\"";
        };
    }

    /** The same JSON object with its top-level keys in reverse order and compact spacing. */
    private static String reverseKeys(String json) throws Exception {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(json);
        var reversed = mapper.createObjectNode();
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (int i = names.size() - 1; i >= 0; i--) {
            reversed.set(names.get(i), node.get(names.get(i)));
        }
        return mapper.writeValueAsString(reversed);
    }
}
