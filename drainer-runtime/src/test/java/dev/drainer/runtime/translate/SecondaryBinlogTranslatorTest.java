package dev.drainer.runtime.translate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
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
        assertEquals(Map.of("a", 1L, "b", 2L), tr.toTxn(insert(1, java.util.List.of("b", "a"), 2, 1).toByteArray(), null).dmls().get(0).values());
        assertEquals(Map.of("a", 3L, "b", 4L), tr.toTxn(insert(2, java.util.List.of("b", "a"), 4, 3).toByteArray(), null).dmls().get(0).values());
        // After a DDL: a column added, the order changed; then one dropped.
        assertEquals(Map.of("a", 5L, "b", 6L, "c", 7L),
                tr.toTxn(insert(3, java.util.List.of("a", "c", "b"), 5, 7, 6).toByteArray(), null).dmls().get(0).values());
        assertEquals(Map.of("c", 8L), tr.toTxn(insert(4, java.util.List.of("c"), 8).toByteArray(), null).dmls().get(0).values());
    }

    @Test
    void mapsColumnsAsTheGoReplayDoesAndUpdatesCarryBothImages() {
        Binlog b = Binlog.newBuilder().setType(BinlogType.DML).setCommitTs(42).setTimeZone("+00:00")
                .setDmlData(DMLData.newBuilder().addTables(table()
                        .addMutations(TableMutation.newBuilder().setType(MutationType.Insert).setRow(row(1, "2024-01-02 03:04:05")))
                        .addMutations(TableMutation.newBuilder().setType(MutationType.Update).setRow(row(2, "2024-01-02 03:04:05.5"))
                                .setChangeRow(row(1, "2024-01-02 03:04:05")))))
                .build();
        Txn txn = new SecondaryBinlogTranslator(ZoneId.of("Asia/Tokyo")).toTxn(b.toByteArray(), "tag");
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
        Txn txn = new SecondaryBinlogTranslator(ZoneId.of("Asia/Tokyo")).toTxn(b.toByteArray(), null);
        assertEquals("2024-01-01 18:04:05.123456", txn.dmls().get(0).values().get("ts"));
        assertEquals("0000-00-00 00:00:00", SecondaryBinlogTranslator.toUtc("0000-00-00 00:00:00", ZoneId.of("Asia/Tokyo")));
        assertEquals("2024-01-01 18:04:05", SecondaryBinlogTranslator.toUtc("2024-01-02 03:04:05", ZoneId.of("+09:00")));
    }

    @Test
    void ddlAndBadRecords() {
        Binlog ddl = Binlog.newBuilder().setType(BinlogType.DDL).setCommitTs(7).setDdlData(DDLData.newBuilder()
                .setSchemaName("db").setTableName("t").setDdlQuery(ByteString.copyFrom("ALTER TABLE t ADD c INT", StandardCharsets.UTF_8))).build();
        Txn txn = new SecondaryBinlogTranslator(ZoneId.of("UTC")).toTxn(ddl.toByteArray(), null);
        assertTrue(txn.isDdl());
        assertEquals("ALTER TABLE t ADD c INT", txn.ddl().sql());
        assertEquals("db", txn.ddl().database());

        Binlog badZone = Binlog.newBuilder().setType(BinlogType.DML).setCommitTs(9).setTimeZone("Mars/Base").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SecondaryBinlogTranslator(ZoneId.of("UTC")).toTxn(badZone.toByteArray(), null));
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
        Object v = new SecondaryBinlogTranslator(ZoneId.of("UTC")).toTxn(b.toByteArray(), null).dmls().get(0).values().get("s");
        assertEquals(new Utf8Text(raw), v);
        assertEquals(new Utf8Text(raw.clone()).hashCode(), v.hashCode());
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    /** A message written field by field, in the order given: encodings the generated serializer never produces. */
    private static byte[] message(Fields fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        fields.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    @Test
    void readsWhatTheGeneratedParserReadsWhateverTheFieldOrderUnknownFieldsOrMessagesGivenTwice() throws Exception {
        byte[] newRowPart1 = message(o -> {
            o.writeByteArray(1, message(c -> c.writeInt64(2, 5)));
            o.writeByteArray(1, message(c -> c.writeString(6, "2024-01-02 03:04:05")));
        });
        byte[] newRowPart2 = message(o -> o.writeByteArray(1, message(c -> {
            c.writeFixed32(15, 7); // a field of a later version
            c.writeString(6, "x");
        })));
        byte[] oldRow = message(o -> o.writeByteArray(1, message(c -> {
            c.writeString(6, "overridden");
            c.writeInt64(2, 4); // int64 before string, as the Go replay reads a column
        })));
        byte[] update = message(o -> {
            o.writeByteArray(2, newRowPart1);
            o.writeUInt64(7, 1);
            o.writeByteArray(3, oldRow);
            o.writeEnum(1, MutationType.Update_VALUE);
            o.writeByteArray(2, newRowPart2);
        });
        byte[] table = message(o -> {
            o.writeByteArray(4, update); // mutations before the column infos
            o.writeString(2, "t");
            o.writeByteArray(3, message(i -> {
                i.writeString(2, "bigint");
                i.writeString(1, "i");
            }));
            o.writeByteArray(3, message(i -> {
                i.writeString(1, "ts");
                i.writeString(2, "TIMESTAMP");
                i.writeUInt64(9, 1);
            }));
            o.writeByteArray(3, col("n", "varchar").toByteArray());
            o.writeByteArray(5, message(k -> { // a unique key: not read
                k.writeString(1, "uk");
                k.writeString(2, "n");
            }));
            o.writeString(1, "db");
        });
        byte[] delete = message(o -> {
            o.writeEnum(1, MutationType.Delete_VALUE);
            o.writeByteArray(2, message(r -> r.writeByteArray(1, message(c -> c.writeBool(1, true)))));
        });
        byte[] otherTable = message(o -> {
            o.writeString(1, "db");
            o.writeString(2, "u");
            o.writeByteArray(3, col("k", "int").toByteArray());
            o.writeByteArray(4, delete);
        });
        byte[] record = message(o -> {
            o.writeString(5, "Asia/Tokyo");
            o.writeUInt64(9, 77);
            o.writeBytes(10, ByteString.copyFromUtf8("future"));
            o.writeInt64(2, 99);
            o.writeByteArray(3, message(d -> d.writeByteArray(1, table)));
            o.writeByteArray(3, message(d -> d.writeByteArray(1, otherTable))); // dml_data again: one merged list of tables
        });

        SecondaryBinlogTranslator tr = new SecondaryBinlogTranslator(ZoneId.of("UTC"));
        Txn txn = tr.toTxn(record, null);
        assertEquals(tr.toTxn(Binlog.parseFrom(record).toByteArray(), null), txn, "the generated parser's reading, written canonically");
        assertEquals(99, txn.commitTs());
        assertEquals(2, txn.dmls().size());
        assertEquals(DmlType.UPDATE, txn.dmls().get(0).type());
        assertEquals(Map.of("i", 5L, "ts", "2024-01-01 18:04:05", "n", Utf8Text.of("x")), txn.dmls().get(0).values(),
                "both row parts, the TIMESTAMP moved from the record's zone to UTC");
        assertEquals(Map.of("i", 4L), txn.dmls().get(0).oldValues());
        assertEquals(DmlType.DELETE, txn.dmls().get(1).type());
        assertEquals("u", txn.dmls().get(1).table());
        assertTrue(txn.dmls().get(1).values().containsKey("k") && txn.dmls().get(1).values().get("k") == null);
    }

    @Test
    void recordsThatAreNoSecondaryBinlogFailNamingWhatIsWrong() throws Exception {
        SecondaryBinlogTranslator tr = new SecondaryBinlogTranslator(ZoneId.of("UTC"));
        byte[] whole = insert(3, List.of("a"), 1).toByteArray();
        IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class,
                () -> tr.toTxn(java.util.Arrays.copyOf(whole, whole.length - 2), null));
        assertTrue(truncated.getMessage().startsWith("not a secondary binlog"), truncated.getMessage());

        byte[] noType = message(o -> {
            o.writeInt64(2, 8);
            o.writeByteArray(3, message(d -> d.writeByteArray(1, message(t -> {
                t.writeString(1, "db");
                t.writeString(2, "t");
                t.writeByteArray(4, message(m -> m.writeByteArray(2, new byte[0])));
            }))));
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tr.toTxn(noType, null));
        assertTrue(e.getMessage().contains("`db`.`t` at commit ts 8 has a mutation without its required type"), e.getMessage());

        byte[] unknownMutation = message(o -> o.writeByteArray(3, message(d -> d.writeByteArray(1, message(t ->
                t.writeByteArray(4, message(m -> {
                    m.writeEnum(1, 7);
                    m.writeByteArray(2, new byte[0]);
                })))))));
        e = assertThrows(IllegalArgumentException.class, () -> tr.toTxn(unknownMutation, null));
        assertTrue(e.getMessage().contains("mutation type 7 (Insert 0, Update 1, Delete 2 are known)"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> tr.toTxn(message(o -> o.writeEnum(1, 2)), null));
        assertTrue(e.getMessage().contains("binlog type 2 at commit ts 0 is neither DML (0) nor DDL (1)"), e.getMessage());

        byte[] tooManyValues = message(o -> o.writeByteArray(3, message(d -> d.writeByteArray(1, message(t -> {
            t.writeString(1, "db");
            t.writeString(2, "t");
            t.writeByteArray(3, col("a", "int").toByteArray());
            t.writeByteArray(4, message(m -> {
                m.writeEnum(1, 0);
                m.writeByteArray(2, message(r -> {
                    r.writeByteArray(1, message(c -> c.writeInt64(2, 1)));
                    r.writeByteArray(1, message(c -> c.writeInt64(2, 2)));
                }));
            }));
        })))));
        e = assertThrows(IllegalArgumentException.class, () -> tr.toTxn(tooManyValues, null));
        assertTrue(e.getMessage().contains("`db`.`t` has more values than its 1 column infos"), e.getMessage());
    }
}
