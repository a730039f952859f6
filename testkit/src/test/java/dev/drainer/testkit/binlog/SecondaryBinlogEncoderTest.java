package dev.drainer.testkit.binlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.drainer.proto.secondary.SecondaryBinlog;
import dev.drainer.proto.secondary.SecondaryBinlog.Binlog;
import dev.drainer.proto.secondary.SecondaryBinlog.Column;
import dev.drainer.testkit.workload.ColumnDef;
import dev.drainer.testkit.workload.Ddl;
import dev.drainer.testkit.workload.SecondaryIndex;
import dev.drainer.testkit.workload.RowChange;
import dev.drainer.testkit.workload.TableDef;
import dev.drainer.testkit.workload.TableShapes;
import dev.drainer.testkit.workload.Transaction;
import dev.drainer.testkit.workload.Workload;
import dev.drainer.testkit.workload.WorkloadSpec;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecondaryBinlogEncoderTest {
    private static final long TS = 434_000_000_000_262_145L;
    private final TableDef pk = TableShapes.table(TableShapes.Shape.PK_AND_UNIQUE, "db", "t4");
    private final TableDef composite = TableShapes.table(TableShapes.Shape.COMPOSITE_PK, "db", "t2");

    private List<Object> row(TableDef def, Map<String, Object> values) {
        List<Object> r = new ArrayList<>();
        for (ColumnDef c : def.columns()) {
            r.add(values.get(c.name()));
        }
        return r;
    }

    private Map<String, Object> sample() {
        Map<String, Object> v = new HashMap<>();
        v.put("id", BigInteger.valueOf(-7));
        v.put("email", null);
        v.put("u_a", "aa");
        v.put("u_b", BigInteger.valueOf(4_000_000_000L));
        v.put("c_tinyint", BigInteger.valueOf(-128));
        v.put("c_int", BigInteger.ZERO);
        v.put("c_bigint_u", new BigInteger("18446744073709551615"));
        v.put("c_float", 1.5f);
        v.put("c_double", 0.1);
        v.put("c_dec_big", new BigDecimal("-123.4500000000000000000"));
        v.put("c_dec", new BigDecimal("1.50"));
        v.put("c_date", LocalDate.of(2024, 2, 29));
        v.put("c_datetime", LocalDateTime.of(2024, 1, 2, 3, 4, 5));
        v.put("c_datetime6", LocalDateTime.of(2024, 1, 2, 3, 4, 5, 123_456_000));
        v.put("c_ts", LocalDateTime.of(1970, 1, 1, 0, 0, 1));
        v.put("c_ts6", LocalDateTime.of(2038, 1, 19, 3, 14, 7, 999_999_000));
        v.put("c_time", Duration.ofHours(838).plusMinutes(59).plusSeconds(59).negated());
        v.put("c_time3", Duration.ofHours(25).plusMillis(500));
        v.put("c_year", 2024);
        v.put("c_char", "\u4e2d\u6587");
        v.put("c_varchar", "a\uD83D\uDE00b");
        v.put("c_text", "text");
        v.put("c_binary", ByteString.copyFrom(new byte[] {1, 2, 0, 0, 0, 0, 0, 0}));
        v.put("c_blob", ByteString.copyFrom(new byte[] {(byte) 0xff}));
        v.put("c_enum", "c d");
        v.put("c_set", "x,z");
        v.put("c_bit1", 1L);
        v.put("c_bit13", 0x1ABCL);
        v.put("c_bit64", -1L);
        v.put("c_json", "{\"a\": [1, \"\u00fc\"]}");
        return v;
    }

    private static Column col(SecondaryBinlog.Table t, SecondaryBinlog.Row r, String name) {
        for (int i = 0; i < t.getColumnInfoCount(); i++) {
            if (t.getColumnInfo(i).getName().equals(name)) {
                return r.getColumns(i);
            }
        }
        throw new AssertionError("no column " + name);
    }

    @Test
    void dmlValuesFollowTheSpecMapping() {
        List<Object> r = row(pk, sample());
        Binlog b = SecondaryBinlogEncoder.encode(Transaction.dml(TS, List.of(RowChange.insert(pk, r))));
        assertEquals(SecondaryBinlog.BinlogType.DML, b.getType());
        assertEquals(TS, b.getCommitTs());
        assertEquals("+00:00", b.getTimeZone());
        assertFalse(b.hasDdlData());
        SecondaryBinlog.Table t = b.getDmlData().getTables(0);
        assertEquals("db", t.getSchemaName());
        assertEquals("t4", t.getTableName());
        SecondaryBinlog.TableMutation m = t.getMutations(0);
        assertEquals(SecondaryBinlog.MutationType.Insert, m.getType());
        assertFalse(m.hasChangeRow());
        SecondaryBinlog.Row row = m.getRow();
        assertEquals(pk.columns().size(), row.getColumnsCount());

        assertEquals(-7, col(t, row, "id").getInt64Value());
        assertTrue(col(t, row, "email").getIsNull());
        assertFalse(col(t, row, "email").hasStringValue());
        assertFalse(col(t, row, "id").hasIsNull()); // gogo leaves is_null unset for non-NULL values
        assertEquals(4_000_000_000L, col(t, row, "u_b").getUint64Value());
        assertFalse(col(t, row, "u_b").hasInt64Value());
        assertEquals(-128, col(t, row, "c_tinyint").getInt64Value());
        assertEquals("18446744073709551615", Long.toUnsignedString(col(t, row, "c_bigint_u").getUint64Value()));
        assertTrue(col(t, row, "c_mediumint").getIsNull());
        assertEquals(1.5, col(t, row, "c_float").getDoubleValue());
        assertEquals(0.1, col(t, row, "c_double").getDoubleValue());
        assertEquals("-123.4500000000000000000", col(t, row, "c_dec_big").getStringValue());
        assertEquals("1.50", col(t, row, "c_dec").getStringValue());
        assertEquals("2024-02-29", col(t, row, "c_date").getStringValue());
        assertEquals("2024-01-02 03:04:05", col(t, row, "c_datetime").getStringValue());
        assertEquals("2024-01-02 03:04:05.123456", col(t, row, "c_datetime6").getStringValue());
        assertEquals("1970-01-01 00:00:01", col(t, row, "c_ts").getStringValue());
        assertEquals("2038-01-19 03:14:07.999999", col(t, row, "c_ts6").getStringValue());
        assertEquals("-838:59:59", col(t, row, "c_time").getStringValue());
        assertEquals("25:00:00.500", col(t, row, "c_time3").getStringValue());
        assertEquals("2024", col(t, row, "c_year").getStringValue());
        assertEquals("\u4e2d\u6587", col(t, row, "c_char").getStringValue());
        assertEquals("a\uD83D\uDE00b", col(t, row, "c_varchar").getStringValue());
        assertEquals("text", col(t, row, "c_text").getStringValue());
        assertArrayEquals(new byte[] {1, 2, 0, 0, 0, 0, 0, 0}, col(t, row, "c_binary").getBytesValue().toByteArray());
        assertArrayEquals(new byte[] {(byte) 0xff}, col(t, row, "c_blob").getBytesValue().toByteArray());
        assertEquals(3, col(t, row, "c_enum").getUint64Value());
        assertEquals(0b101, col(t, row, "c_set").getUint64Value());
        assertArrayEquals(new byte[] {1}, col(t, row, "c_bit1").getBytesValue().toByteArray());
        assertArrayEquals(new byte[] {0x1A, (byte) 0xBC}, col(t, row, "c_bit13").getBytesValue().toByteArray());
        assertArrayEquals(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1},
                col(t, row, "c_bit64").getBytesValue().toByteArray());
        assertEquals("{\"a\": [1, \"\u00fc\"]}", col(t, row, "c_json").getBytesValue().toString(StandardCharsets.UTF_8));
    }

    @Test
    void columnInfoAndUniqueKeysDescribeTheWholeTable() {
        Binlog b = SecondaryBinlogEncoder.encode(Transaction.dml(TS, List.of(RowChange.insert(pk, row(pk, sample())))));
        SecondaryBinlog.Table t = b.getDmlData().getTables(0);
        assertEquals(pk.columns().size(), t.getColumnInfoCount());
        Map<String, SecondaryBinlog.ColumnInfo> info = new HashMap<>();
        t.getColumnInfoList().forEach(ci -> info.put(ci.getName(), ci));
        Map<String, String> types = Map.ofEntries(Map.entry("id", "bigint"), Map.entry("email", "varchar"),
                Map.entry("u_a", "char"), Map.entry("u_b", "int"), Map.entry("c_tinyint_u", "tinyint"),
                Map.entry("c_smallint", "smallint"), Map.entry("c_mediumint", "mediumint"),
                Map.entry("c_float", "float"), Map.entry("c_double", "double"), Map.entry("c_dec", "decimal"),
                Map.entry("c_date", "date"), Map.entry("c_datetime6", "datetime"), Map.entry("c_ts", "timestamp"),
                Map.entry("c_time", "time"), Map.entry("c_year", "year"), Map.entry("c_text", "text"),
                Map.entry("c_binary", "binary"), Map.entry("c_varbinary", "varbinary"), Map.entry("c_blob", "blob"),
                Map.entry("c_enum", "enum"), Map.entry("c_set", "set"), Map.entry("c_bit64", "bit"),
                Map.entry("c_json", "json"));
        types.forEach((name, type) -> assertEquals(type, info.get(name).getMysqlType(), name));
        assertTrue(info.get("id").getIsPrimaryKey());
        assertTrue(info.get("email").hasIsPrimaryKey()); // every ColumnInfo field is written
        assertFalse(info.get("email").getIsPrimaryKey());
        assertEquals(38, info.get("c_dec_big").getFlen());
        assertEquals(19, info.get("c_dec_big").getDecimal());
        assertEquals(26, info.get("c_datetime6").getFlen());
        assertEquals(6, info.get("c_datetime6").getDecimal());
        assertEquals(64, info.get("email").getFlen());
        assertEquals(10, info.get("u_b").getFlen());
        assertEquals(13, info.get("c_bit13").getFlen());
        assertEquals(List.of("PRIMARY", "uk_email", "uk_pair"),
                t.getUniqueKeysList().stream().map(SecondaryBinlog.Key::getName).toList());
        assertEquals(List.of("u_a", "u_b"), t.getUniqueKeys(2).getColumnNamesList());

        TableDef noPk = TableShapes.table(TableShapes.Shape.UNIQUE_ONLY, "db", "t3");
        Map<String, Object> v = new HashMap<>();
        v.put("code", "c1");
        v.put("c_int", BigInteger.ONE);
        v.put("c_varchar", "");
        SecondaryBinlog.Table t3 = SecondaryBinlogEncoder.encode(Transaction.dml(TS,
                List.of(RowChange.insert(noPk, row(noPk, v))))).getDmlData().getTables(0);
        assertTrue(t3.getColumnInfoList().stream().noneMatch(SecondaryBinlog.ColumnInfo::getIsPrimaryKey));
        assertEquals(List.of("uk_code"), t3.getUniqueKeysList().stream().map(SecondaryBinlog.Key::getName).toList());
    }

    @Test
    void updatesCarryNewRowAndOldChangeRowAndTablesGroupConsecutively() {
        Map<String, Object> v = sample();
        List<Object> before = row(pk, v);
        v.put("c_text", "after");
        v.put("id", BigInteger.valueOf(8));
        List<Object> after = row(pk, v);
        Map<String, Object> cv = new HashMap<>();
        cv.put("k", "alpha");
        cv.put("n", BigInteger.TWO);
        cv.put("c_int", BigInteger.ONE);
        cv.put("c_varchar", "x");
        List<Object> other = row(composite, cv);
        Binlog b = SecondaryBinlogEncoder.encode(Transaction.dml(TS, List.of(
                RowChange.insert(pk, before), RowChange.update(pk, before, after),
                RowChange.insert(composite, other), RowChange.delete(pk, after))));
        List<SecondaryBinlog.Table> tables = b.getDmlData().getTablesList();
        assertEquals(List.of("t4", "t2", "t4"), tables.stream().map(SecondaryBinlog.Table::getTableName).toList());
        assertEquals(2, tables.get(0).getMutationsCount());
        SecondaryBinlog.TableMutation upd = tables.get(0).getMutations(1);
        assertEquals(SecondaryBinlog.MutationType.Update, upd.getType());
        assertEquals("after", col(tables.get(0), upd.getRow(), "c_text").getStringValue());
        assertEquals(8, col(tables.get(0), upd.getRow(), "id").getInt64Value());
        assertEquals("text", col(tables.get(0), upd.getChangeRow(), "c_text").getStringValue());
        assertEquals(-7, col(tables.get(0), upd.getChangeRow(), "id").getInt64Value());
        SecondaryBinlog.TableMutation del = tables.get(2).getMutations(0);
        assertEquals(SecondaryBinlog.MutationType.Delete, del.getType());
        assertEquals(8, col(tables.get(2), del.getRow(), "id").getInt64Value());
        assertFalse(del.hasChangeRow());
        assertEquals("alpha", col(tables.get(1), tables.get(1).getMutations(0).getRow(), "k").getStringValue());
    }

    @Test
    void ddlAndWholeWorkloads() throws Exception {
        Workload w = Workload.generate(WorkloadSpec.defaults(9, "wdb").withTransactions(150).withDdlRatio(0.05));
        List<Binlog> all = SecondaryBinlogEncoder.encodeAll(w);
        assertEquals(w.transactions().size(), all.size());
        for (int i = 0; i < all.size(); i++) {
            Binlog b = all.get(i);
            Transaction t = w.transactions().get(i);
            assertEquals(t.commitTs(), b.getCommitTs());
            assertEquals("+00:00", b.getTimeZone());
            assertEquals(b, Binlog.parseFrom(b.toByteArray()));
            if (t.isDdl()) {
                assertEquals(SecondaryBinlog.BinlogType.DDL, b.getType());
                assertTrue(b.hasType()); // written explicitly even though DML is the default
                assertEquals("wdb", b.getDdlData().getSchemaName());
                assertEquals(t.ddl().table(), b.getDdlData().getTableName());
                assertEquals(t.ddl().sql(), b.getDdlData().getDdlQuery().toStringUtf8());
                assertFalse(b.hasDmlData());
            } else {
                assertEquals(t.changes().size(), b.getDmlData().getTablesList().stream()
                        .mapToInt(SecondaryBinlog.Table::getMutationsCount).sum());
            }
        }
        Binlog first = all.get(0);
        assertTrue(first.getDdlData().getDdlQuery().toStringUtf8().startsWith("CREATE TABLE `t1`"));
        Ddl add = Ddl.addColumn(pk, TableShapes.addedColumn(0, 7));
        assertEquals("ALTER TABLE `t4` ADD COLUMN `add0_int` INT NOT NULL DEFAULT 7",
                SecondaryBinlogEncoder.encode(Transaction.ddl(TS, add)).getDdlData().getDdlQuery().toStringUtf8());
    }

    /**
     * The Go drainer names a DDL record after the table as the DDL leaves it (schema.go
     * {@code version2SchemaTable}: RENAME TABLE the new name, DROP TABLE the dropped one).
     */
    @Test
    void ddlRecordsNameTheTableAsTheStatementLeavesIt() {
        List<String[]> expected = List.of(
                new String[] {"RENAME TABLE `t4` TO `t4_r1`", "t4_r1"},
                new String[] {"DROP TABLE `t4`", "t4"},
                new String[] {"ALTER TABLE `t4` DROP COLUMN `c_json`", "t4"},
                new String[] {"ALTER TABLE `t4` ADD INDEX `idx1` (`c_int`,`c_date`)", "t4"});
        List<Ddl> ddls = List.of(Ddl.renameTable(pk, "t4_r1"), Ddl.dropTable(pk), Ddl.dropColumn(pk, "c_json"),
                Ddl.addIndex(pk, new SecondaryIndex("idx1", List.of("c_int", "c_date"))));
        for (int i = 0; i < ddls.size(); i++) {
            SecondaryBinlog.DDLData d = SecondaryBinlogEncoder.encode(Transaction.ddl(TS, ddls.get(i))).getDdlData();
            assertEquals(expected.get(i)[0], d.getDdlQuery().toStringUtf8());
            assertEquals(expected.get(i)[1], d.getTableName());
            assertEquals("db", d.getSchemaName());
        }
    }
}
