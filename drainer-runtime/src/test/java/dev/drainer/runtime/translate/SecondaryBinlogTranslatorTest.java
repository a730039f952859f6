package dev.drainer.runtime.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.drainer.proto.secondary.SecondaryBinlog.Binlog;
import dev.drainer.proto.secondary.SecondaryBinlog.BinlogType;
import dev.drainer.proto.secondary.SecondaryBinlog.Column;
import dev.drainer.proto.secondary.SecondaryBinlog.ColumnInfo;
import dev.drainer.proto.secondary.SecondaryBinlog.DDLData;
import dev.drainer.proto.secondary.SecondaryBinlog.DMLData;
import dev.drainer.proto.secondary.SecondaryBinlog.MutationType;
import dev.drainer.proto.secondary.SecondaryBinlog.Row;
import dev.drainer.proto.secondary.SecondaryBinlog.Table;
import dev.drainer.proto.secondary.SecondaryBinlog.TableMutation;
import dev.drainer.runtime.loader.DmlType;
import dev.drainer.runtime.loader.Txn;
import dev.drainer.runtime.loader.Utf8Text;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecondaryBinlogTranslatorTest {
    private static ColumnInfo col(String name, String type) {
        return ColumnInfo.newBuilder().setName(name).setMysqlType(type).setIsPrimaryKey(false).setFlen(0).setDecimal(0).build();
    }

    private static Table.Builder table() {
        return Table.newBuilder().setSchemaName("db").setTableName("t")
                .addColumnInfo(col("i", "bigint")).addColumnInfo(col("u", "bigint")).addColumnInfo(col("d", "double"))
                .addColumnInfo(col("j", "json")).addColumnInfo(col("b", "bit")).addColumnInfo(col("bl", "blob"))
                .addColumnInfo(col("ts", "timestamp")).addColumnInfo(col("n", "varchar"));
    }

    private static Row row(long i, String ts) {
        return Row.newBuilder()
                .addColumns(Column.newBuilder().setInt64Value(i))
                .addColumns(Column.newBuilder().setUint64Value(-1L))
                .addColumns(Column.newBuilder().setDoubleValue(1.5))
                .addColumns(Column.newBuilder().setBytesValue(ByteString.copyFromUtf8("{\"a\":1}")))
                .addColumns(Column.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {1, 2})))
                .addColumns(Column.newBuilder().setBytesValue(ByteString.copyFrom(new byte[] {0, (byte) 0xff})))
                .addColumns(Column.newBuilder().setStringValue(ts))
                .addColumns(Column.newBuilder().setIsNull(true))
                .build();
    }

    /** One insert into db.t with the given column names (all bigint) and values. */
    private static Binlog insert(long ts, java.util.List<String> names, long... values) {
        Table.Builder t = Table.newBuilder().setSchemaName("db").setTableName("t");
        Row.Builder r = Row.newBuilder();
        for (int i = 0; i < names.size(); i++) {
            t.addColumnInfo(col(names.get(i), "bigint"));
            r.addColumns(Column.newBuilder().setInt64Value(values[i]));
        }
        t.addMutations(TableMutation.newBuilder().setType(MutationType.Insert).setRow(r));
        return Binlog.newBuilder().setType(BinlogType.DML).setCommitTs(ts).setTimeZone("+00:00")
                .setDmlData(DMLData.newBuilder().addTables(t)).build();
    }

    @Test
    void aTableWhoseColumnsChangeGetsImagesOfItsNewColumns() {
        SecondaryBinlogTranslator tr = new SecondaryBinlogTranslator(ZoneId.of("UTC"));
        assertEquals(Map.of("a", 1L, "b", 2L), tr.toTxn(insert(1, java.util.List.of("b", "a"), 2, 1), null).dmls().get(0).values());
        assertEquals(Map.of("a", 3L, "b", 4L), tr.toTxn(insert(2, java.util.List.of("b", "a"), 4, 3), null).dmls().get(0).values());
        // After a DDL: a column added, the order changed; then one dropped.
        assertEquals(Map.of("a", 5L, "b", 6L, "c", 7L),
                tr.toTxn(insert(3, java.util.List.of("a", "c", "b"), 5, 7, 6), null).dmls().get(0).values());
        assertEquals(Map.of("c", 8L), tr.toTxn(insert(4, java.util.List.of("c"), 8), null).dmls().get(0).values());
    }

    @Test
    void mapsColumnsAsTheGoReplayDoesAndUpdatesCarryBothImages() {
        Binlog b = Binlog.newBuilder().setType(BinlogType.DML).setCommitTs(42).setTimeZone("+00:00")
                .setDmlData(DMLData.newBuilder().addTables(table()
                        .addMutations(TableMutation.newBuilder().setType(MutationType.Insert).setRow(row(1, "2024-01-02 03:04:05")))
                        .addMutations(TableMutation.newBuilder().setType(MutationType.Update).setRow(row(2, "2024-01-02 03:04:05.5"))
                                .setChangeRow(row(1, "2024-01-02 03:04:05")))))
                .build();
        Txn txn = new SecondaryBinlogTranslator(ZoneId.of("Asia/Tokyo")).toTxn(b, "tag");
        assertEquals(42, txn.commitTs());
        assertEquals("tag", txn.tag());
        assertEquals(2, txn.dmls().size());
        Map<String, Object> v = txn.dmls().get(0).values();
        assertEquals(1L, v.get("i"));
        assertEquals(new BigInteger("18446744073709551615"), v.get("u"));
        assertEquals(1.5, v.get("d"));
        assertEquals(Utf8Text.of("{\"a\":1}"), v.get("j"));
        assertEquals(258L, v.get("b"));
        assertArrayEquals(new byte[] {0, (byte) 0xff}, (byte[]) v.get("bl"));
        assertEquals(Utf8Text.of("2024-01-02 03:04:05"), v.get("ts"), "records of ours are UTC already: the bytes as they are");
        assertNull(v.get("n"));
        assertTrue(v.containsKey("n"));
        assertEquals(DmlType.UPDATE, txn.dmls().get(1).type());
        assertEquals(2L, txn.dmls().get(1).values().get("i"));
        assertEquals(1L, txn.dmls().get(1).oldValues().get("i"), "change_row is the old image");
    }

    @Test
    void goWrittenTimestampsAreMovedFromTheLegacyZoneToUtc() {
        Binlog b = Binlog.newBuilder().setType(BinlogType.DML).setCommitTs(1)
                .setDmlData(DMLData.newBuilder().addTables(table()
                        .addMutations(TableMutation.newBuilder().setType(MutationType.Delete).setRow(row(1, "2024-01-02 03:04:05.123456")))))
                .build();
        Txn txn = new SecondaryBinlogTranslator(ZoneId.of("Asia/Tokyo")).toTxn(b, null);
        assertEquals("2024-01-01 18:04:05.123456", txn.dmls().get(0).values().get("ts"));
        assertEquals("0000-00-00 00:00:00", SecondaryBinlogTranslator.toUtc("0000-00-00 00:00:00", ZoneId.of("Asia/Tokyo")));
        assertEquals("2024-01-01 18:04:05", SecondaryBinlogTranslator.toUtc("2024-01-02 03:04:05", ZoneId.of("+09:00")));
    }

    @Test
    void ddlAndBadRecords() {
        Binlog ddl = Binlog.newBuilder().setType(BinlogType.DDL).setCommitTs(7).setDdlData(DDLData.newBuilder()
                .setSchemaName("db").setTableName("t").setDdlQuery(ByteString.copyFrom("ALTER TABLE t ADD c INT", StandardCharsets.UTF_8))).build();
        Txn txn = new SecondaryBinlogTranslator(ZoneId.of("UTC")).toTxn(ddl, null);
        assertTrue(txn.isDdl());
        assertEquals("ALTER TABLE t ADD c INT", txn.ddl().sql());
        assertEquals("db", txn.ddl().database());

        Binlog badZone = Binlog.newBuilder().setType(BinlogType.DML).setCommitTs(9).setTimeZone("Mars/Base").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SecondaryBinlogTranslator(ZoneId.of("UTC")).toTxn(badZone, null));
        assertTrue(e.getMessage().contains("Mars/Base") && e.getMessage().contains("9"), e.getMessage());
    }

    @Test
    void textKeepsItsBytesEvenWhenTheyAreNotUtf8AsTheGoDrainerPassesThemOn() {
        byte[] raw = {'a', (byte) 0xff, (byte) 0xc3, (byte) 0xa9};
        Binlog b = Binlog.newBuilder().setType(BinlogType.DML).setCommitTs(5).setTimeZone("+00:00")
                .setDmlData(DMLData.newBuilder().addTables(Table.newBuilder().setSchemaName("db").setTableName("t")
                        .addColumnInfo(ColumnInfo.newBuilder().setName("s").setMysqlType("varchar"))
                        .addMutations(TableMutation.newBuilder().setType(MutationType.Insert).setRow(Row.newBuilder()
                                .addColumns(Column.newBuilder().setStringValueBytes(ByteString.copyFrom(raw)))))))
                .build();
        Object v = new SecondaryBinlogTranslator(ZoneId.of("UTC")).toTxn(b, null).dmls().get(0).values().get("s");
        assertEquals(new Utf8Text(raw), v);
        assertEquals(new Utf8Text(raw.clone()).hashCode(), v.hashCode());
    }
}
