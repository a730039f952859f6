package dev.drainer.testkit.binlog;

import com.google.protobuf.ByteString;
import dev.drainer.proto.secondary.SecondaryBinlog;
import dev.drainer.testkit.workload.ColumnDef;
import dev.drainer.testkit.workload.TidbTypes;
import dev.drainer.testkit.workload.RowChange;
import dev.drainer.testkit.workload.TableDef;
import dev.drainer.testkit.workload.TemporalText;
import dev.drainer.testkit.workload.Transaction;
import dev.drainer.testkit.workload.UniqueKey;
import dev.drainer.testkit.workload.Workload;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes workload transactions as secondary binlogs (the relay-log payload) the way the Go drainer's
 * {@code TiBinlogToSecondaryBinlog} fills them (spec section 2.6), except that {@code time_zone} is
 * set to {@value #TIME_ZONE}: our drainer records the zone its TIMESTAMP strings are written in.
 */
public final class SecondaryBinlogEncoder {
    /** The zone every TIMESTAMP string is written in, recorded in {@code Binlog.time_zone}. */
    public static final String TIME_ZONE = "+00:00";

    private SecondaryBinlogEncoder() {
    }

    /** One binlog per transaction, in order. */
    public static List<SecondaryBinlog.Binlog> encodeAll(Workload w) {
        return encodeAll(w.transactions());
    }

    /** One binlog per transaction, in order. */
    public static List<SecondaryBinlog.Binlog> encodeAll(List<Transaction> transactions) {
        return transactions.stream().map(SecondaryBinlogEncoder::encode).toList();
    }

    /** The secondary binlog of one transaction. */
    public static SecondaryBinlog.Binlog encode(Transaction t) {
        SecondaryBinlog.Binlog.Builder b = SecondaryBinlog.Binlog.newBuilder()
                .setCommitTs(t.commitTs())
                .setTimeZone(TIME_ZONE);
        if (t.isDdl()) {
            return b.setType(SecondaryBinlog.BinlogType.DDL)
                    .setDdlData(SecondaryBinlog.DDLData.newBuilder()
                            .setSchemaName(t.ddl().schema())
                            .setTableName(t.ddl().tableNameAfter())
                            .setDdlQuery(ByteString.copyFromUtf8(t.ddl().sql())))
                    .build();
        }
        SecondaryBinlog.DMLData.Builder dml = SecondaryBinlog.DMLData.newBuilder();
        SecondaryBinlog.Table.Builder current = null;
        String currentTable = null;
        for (RowChange c : t.changes()) {
            // Consecutive changes of one table share a Table message; order across tables is kept.
            if (current == null || !c.tableName().equals(currentTable)) {
                if (current != null) {
                    dml.addTables(current);
                }
                current = tableHeader(c.table());
                currentTable = c.tableName();
            }
            current.addMutations(mutation(c));
        }
        dml.addTables(current);
        return b.setType(SecondaryBinlog.BinlogType.DML).setDmlData(dml).build();
    }

    private static SecondaryBinlog.Table.Builder tableHeader(TableDef def) {
        SecondaryBinlog.Table.Builder t = SecondaryBinlog.Table.newBuilder()
                .setSchemaName(def.schema())
                .setTableName(def.name());
        List<String> pkColumns = def.primaryKey() == null ? List.of() : def.primaryKey().columns();
        for (ColumnDef c : def.columns()) {
            t.addColumnInfo(columnInfo(c, pkColumns.contains(c.name())));
        }
        for (UniqueKey k : def.allUniqueKeys()) {
            t.addUniqueKeys(SecondaryBinlog.Key.newBuilder().setName(k.name()).addAllColumnNames(k.columns()));
        }
        return t;
    }

    /** Column metadata as TiDB reports it; every field set, as gogo's non-nullable fields always are. */
    public static SecondaryBinlog.ColumnInfo columnInfo(ColumnDef c, boolean primaryKey) {
        return SecondaryBinlog.ColumnInfo.newBuilder()
                .setName(c.name())
                .setMysqlType(c.type().tidbName())
                .setIsPrimaryKey(primaryKey)
                .setFlen((int) TidbTypes.flen(c)) // JSON's 4294967295 becomes -1, as Go's int32 conversion does
                .setDecimal(TidbTypes.decimal(c))
                .build();
    }

    private static SecondaryBinlog.TableMutation mutation(RowChange c) {
        SecondaryBinlog.TableMutation.Builder m = SecondaryBinlog.TableMutation.newBuilder();
        switch (c.type()) {
            case INSERT -> m.setType(SecondaryBinlog.MutationType.Insert).setRow(row(c.table(), c.newRow()));
            // Update: row = NEW image, change_row = OLD image.
            case UPDATE -> m.setType(SecondaryBinlog.MutationType.Update).setRow(row(c.table(), c.newRow()))
                    .setChangeRow(row(c.table(), c.oldRow()));
            case DELETE -> m.setType(SecondaryBinlog.MutationType.Delete).setRow(row(c.table(), c.oldRow()));
        }
        return m.build();
    }

    private static SecondaryBinlog.Row row(TableDef def, List<Object> values) {
        SecondaryBinlog.Row.Builder r = SecondaryBinlog.Row.newBuilder();
        for (int i = 0; i < values.size(); i++) {
            r.addColumns(column(def.columns().get(i), values.get(i)));
        }
        return r.build();
    }

    /** One value as {@code DatumToColumn} maps it (keyed by type; unsigned integers as uint64). */
    public static SecondaryBinlog.Column column(ColumnDef c, Object v) {
        SecondaryBinlog.Column.Builder col = SecondaryBinlog.Column.newBuilder();
        if (v == null) {
            return col.setIsNull(true).build();
        }
        switch (c.type()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT -> {
                BigInteger i = (BigInteger) v;
                // uint64 carries the two's-complement bits; values above 2^63 read back as negative longs.
                if (c.unsigned()) {
                    col.setUint64Value(i.longValue());
                } else {
                    col.setInt64Value(i.longValueExact());
                }
            }
            case FLOAT -> col.setDoubleValue((double) (Float) v);
            case DOUBLE -> col.setDoubleValue((Double) v);
            case DECIMAL -> col.setStringValue(((BigDecimal) v).setScale(c.scale(), RoundingMode.UNNECESSARY).toPlainString());
            case DATE -> col.setStringValue(TemporalText.date((LocalDate) v));
            case DATETIME, TIMESTAMP -> col.setStringValue(TemporalText.dateTime((LocalDateTime) v, c.fsp()));
            case TIME -> col.setStringValue(TemporalText.time((Duration) v, c.fsp()));
            case YEAR -> col.setStringValue(String.format("%04d", (Integer) v));
            case CHAR, VARCHAR, TEXT -> col.setStringValue((String) v);
            case BINARY, VARBINARY, BLOB -> col.setBytesValue((ByteString) v);
            case ENUM -> col.setUint64Value(c.elements().indexOf((String) v) + 1L);
            case SET -> col.setUint64Value(setBits(c, (String) v));
            case BIT -> col.setBytesValue(bitBytes((Long) v, c.length()));
            case JSON -> col.setBytesValue(ByteString.copyFrom(((String) v).getBytes(StandardCharsets.UTF_8)));
        }
        return col.build();
    }

    private static long setBits(ColumnDef c, String value) {
        long bits = 0;
        if (value.isEmpty()) {
            return 0;
        }
        for (String label : value.split(",", -1)) {
            int i = c.elements().indexOf(label);
            if (i < 0) {
                throw new IllegalArgumentException(c.name() + ": no SET label " + label);
            }
            bits |= 1L << i;
        }
        return bits;
    }

    /** Big-endian, (width + 7) / 8 bytes. */
    static ByteString bitBytes(long v, int width) {
        byte[] b = new byte[(width + 7) / 8];
        for (int i = b.length - 1; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return ByteString.copyFrom(b);
    }
}
