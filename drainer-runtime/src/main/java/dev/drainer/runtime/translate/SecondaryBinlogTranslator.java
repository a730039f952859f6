package dev.drainer.runtime.translate;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.drainer.runtime.loader.Ddl;
import dev.drainer.runtime.loader.Dml;
import dev.drainer.runtime.loader.DmlType;
import dev.drainer.runtime.loader.RowImage;
import dev.drainer.runtime.loader.Txn;
import dev.drainer.runtime.loader.Utf8Text;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a secondary binlog (a relay-log record, serialized) into a loader transaction, as the Go drainer's
 * relay replay does (spec 4.3), with one fix: TIMESTAMP strings are brought to UTC, the zone every
 * loader session runs in. Records we write say {@code time_zone = "+00:00"}; records of the Go
 * drainer carry none and were written in its host's zone, given here as {@code legacyZone}.
 *
 * <p>It reads the record's bytes directly rather than through the generated message classes: a parsed
 * binlog is a builder and an object per table, column info, mutation, row and cell, and parsing then
 * translating walked every cell twice; that was half of the bench source thread's CPU (docs/benchmark.md).
 * It follows protobuf's rules for what the generated parser would accept: fields in any order, unknown
 * fields skipped, a message field given twice merged, the last of a repeated scalar wins.
 */
public final class SecondaryBinlogTranslator {
    private static final DateTimeFormatter PARSE = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    // Field tags (number << 3 | wire type) of the messages in binlog-proto's secondary_binlog.proto.
    private static final int BINLOG_TYPE = tag(1, WireFormat.WIRETYPE_VARINT);
    private static final int BINLOG_COMMIT_TS = tag(2, WireFormat.WIRETYPE_VARINT);
    private static final int BINLOG_DML_DATA = tag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int BINLOG_DDL_DATA = tag(4, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int BINLOG_TIME_ZONE = tag(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int DML_TABLES = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int DDL_SCHEMA = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int DDL_TABLE = tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int DDL_QUERY = tag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int TABLE_SCHEMA = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int TABLE_NAME = tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int TABLE_COLUMN_INFO = tag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int TABLE_MUTATIONS = tag(4, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int INFO_NAME = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int INFO_MYSQL_TYPE = tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int MUTATION_TYPE = tag(1, WireFormat.WIRETYPE_VARINT);
    private static final int MUTATION_ROW = tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int MUTATION_CHANGE_ROW = tag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int ROW_COLUMNS = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int COLUMN_IS_NULL = tag(1, WireFormat.WIRETYPE_VARINT);
    private static final int COLUMN_INT64 = tag(2, WireFormat.WIRETYPE_VARINT);
    private static final int COLUMN_UINT64 = tag(3, WireFormat.WIRETYPE_VARINT);
    private static final int COLUMN_DOUBLE = tag(4, WireFormat.WIRETYPE_FIXED64);
    private static final int COLUMN_BYTES = tag(5, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int COLUMN_STRING = tag(6, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    private static final int TYPE_DML = 0;
    private static final int TYPE_DDL = 1;
    private static final int MUTATION_INSERT = 0;
    private static final int MUTATION_UPDATE = 1;
    private static final int MUTATION_DELETE = 2;

    /** How a column's {@code mysql_type} changes the reading of its bytes or string value. */
    private enum Kind { PLAIN, JSON, BIT, TIMESTAMP }

    private final ZoneId legacyZone;
    /**
     * The target and image layout last built per database and table: a table's rows keep one column list until a
     * DDL, so a binlog's table message usually needs no new sort of its column names, and its rows share one quoted name.
     */
    private final Map<String, Map<String, Known>> known = new ConcurrentHashMap<>();
    /** Zones by the {@code time_zone} records give: every record of ours says "+00:00". */
    private final Map<String, ZoneId> zones = new ConcurrentHashMap<>();

    private record Known(Dml.Target target, RowImage.Layout layout) {
    }

    public SecondaryBinlogTranslator(ZoneId legacyZone) {
        this.legacyZone = legacyZone;
    }

    private static int tag(int field, int wireType) {
        return field << 3 | wireType;
    }

    /**
     * The transaction of the serialized secondary binlog {@code record}; {@code tag} is handed back by the loader on
     * success.
     *
     * @throws IllegalArgumentException if the record is not a secondary binlog, or holds what no loader can apply
     */
    public Txn toTxn(byte[] record, Object tag) {
        try {
            return read(record, tag);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a secondary binlog (" + record.length + " bytes): " + e.getMessage(), e);
        }
    }

    /** A part of the record: a message field's bytes. */
    private record Span(int offset, int length) {
        CodedInputStream open(byte[] record) {
            return CodedInputStream.newInstance(record, offset, length);
        }
    }

    private static Span span(CodedInputStream in, byte[] record, int base) throws IOException {
        int length = in.readRawVarint32();
        Span s = new Span(base + in.getTotalBytesRead(), length);
        in.skipRawBytes(length);
        return s;
    }

    private Txn read(byte[] record, Object tag) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(record);
        int type = TYPE_DML;
        long ts = 0;
        String zoneId = null;
        List<Span> dml = new ArrayList<>(1);
        List<Span> ddl = new ArrayList<>(1);
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
            if (t == BINLOG_TYPE) {
                type = in.readEnum();
            } else if (t == BINLOG_COMMIT_TS) {
                ts = in.readInt64();
            } else if (t == BINLOG_DML_DATA) {
                dml.add(span(in, record, 0));
            } else if (t == BINLOG_DDL_DATA) {
                ddl.add(span(in, record, 0));
            } else if (t == BINLOG_TIME_ZONE) {
                zoneId = in.readString();
            } else {
                in.skipField(t);
            }
        }
        if (type == TYPE_DDL) {
            return ddl(record, ddl, ts, tag);
        }
        if (type != TYPE_DML) {
            throw new IOException("binlog type " + type + " at commit ts " + ts + " is neither DML (0) nor DDL (1)");
        }
        ZoneId zone = zoneId != null ? zone(zoneId, ts) : legacyZone;
        Rows rows = new Rows(record, ts, !ZoneOffset.UTC.equals(zone.normalized()) ? zone : null);
        List<Dml> dmls = new ArrayList<>();
        for (Span d : dml) {
            CodedInputStream din = d.open(record);
            for (int t = din.readTag(); t != 0; t = din.readTag()) {
                if (t == DML_TABLES) {
                    table(record, span(din, record, d.offset()), rows, dmls);
                } else {
                    din.skipField(t);
                }
            }
        }
        return Txn.ofDml(ts, dmls, tag);
    }

    private static Txn ddl(byte[] record, List<Span> spans, long ts, Object tag) throws IOException {
        String schema = "";
        String table = "";
        byte[] query = new byte[0];
        for (Span s : spans) {
            CodedInputStream in = s.open(record);
            for (int t = in.readTag(); t != 0; t = in.readTag()) {
                if (t == DDL_SCHEMA) {
                    schema = in.readString();
                } else if (t == DDL_TABLE) {
                    table = in.readString();
                } else if (t == DDL_QUERY) {
                    query = in.readByteArray();
                } else {
                    in.skipField(t);
                }
            }
        }
        return Txn.ofDdl(ts, new Ddl(schema, table, new String(query, StandardCharsets.UTF_8)), tag);
    }

    private ZoneId zone(String id, long ts) {
        ZoneId z = zones.get(id);
        if (z == null) {
            try {
                z = ZoneId.of(id);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("relay record at commit ts " + ts + " has an unknown time_zone '" + id + "'", e);
            }
            zones.put(id, z);
        }
        return z;
    }

    /** One table message: its column infos first (wherever they stand), then its mutations in order. */
    private void table(byte[] record, Span span, Rows rows, List<Dml> out) throws IOException {
        String schema = "";
        String table = "";
        List<String> names = new ArrayList<>();
        List<Kind> kinds = new ArrayList<>();
        List<Span> mutations = new ArrayList<>();
        CodedInputStream in = span.open(record);
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
            if (t == TABLE_SCHEMA) {
                schema = in.readString();
            } else if (t == TABLE_NAME) {
                table = in.readString();
            } else if (t == TABLE_COLUMN_INFO) {
                columnInfo(in, names, kinds);
            } else if (t == TABLE_MUTATIONS) {
                mutations.add(span(in, record, span.offset()));
            } else {
                in.skipField(t);
            }
        }
        Known k = known(schema, table, names);
        rows.startTable(schema, table, names, kinds.toArray(Kind[]::new), k.layout());
        for (Span m : mutations) {
            out.add(mutation(record, m, k.target(), rows));
        }
    }

    private static void columnInfo(CodedInputStream in, List<String> names, List<Kind> kinds) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        String name = "";
        String type = "";
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
            if (t == INFO_NAME) {
                name = in.readString();
            } else if (t == INFO_MYSQL_TYPE) {
                type = in.readString();
            } else {
                in.skipField(t);
            }
        }
        in.popLimit(limit);
        names.add(name);
        kinds.add(kindOf(type));
    }

    private static Kind kindOf(String mysqlType) {
        if ("json".equalsIgnoreCase(mysqlType)) {
            return Kind.JSON;
        }
        if ("bit".equalsIgnoreCase(mysqlType)) {
            return Kind.BIT;
        }
        return "timestamp".equalsIgnoreCase(mysqlType) ? Kind.TIMESTAMP : Kind.PLAIN;
    }

    private Known known(String schema, String table, List<String> names) {
        Map<String, Known> ofDb = known.computeIfAbsent(schema, db -> new ConcurrentHashMap<>());
        Known k = ofDb.get(table);
        if (k == null || !k.layout().fits(names)) {
            k = new Known(k != null ? k.target() : Dml.Target.of(schema, table), RowImage.Layout.of(names));
            ofDb.put(table, k);
        }
        return k;
    }

    private static Dml mutation(byte[] record, Span span, Dml.Target target, Rows rows) throws IOException {
        int type = -1;
        List<Span> row = new ArrayList<>(1);
        List<Span> changeRow = List.of();
        CodedInputStream in = span.open(record);
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
            if (t == MUTATION_TYPE) {
                type = in.readEnum();
            } else if (t == MUTATION_ROW) {
                row.add(span(in, record, span.offset()));
            } else if (t == MUTATION_CHANGE_ROW) {
                if (changeRow.isEmpty()) {
                    changeRow = new ArrayList<>(1);
                }
                changeRow.add(span(in, record, span.offset()));
            } else {
                in.skipField(t);
            }
        }
        if (row.isEmpty()) {
            throw rows.invalid("a mutation without its required row");
        }
        return switch (type) {
            case MUTATION_INSERT -> new Dml(target, DmlType.INSERT, rows.image(row), RowImage.empty());
            case MUTATION_DELETE -> new Dml(target, DmlType.DELETE, rows.image(row), RowImage.empty());
            case MUTATION_UPDATE -> new Dml(target, DmlType.UPDATE, rows.image(row), rows.image(changeRow));
            case -1 -> throw rows.invalid("a mutation without its required type");
            default -> throw rows.invalid("mutation type " + type + " (Insert 0, Update 1, Delete 2 are known)");
        };
    }

    /**
     * The images of one binlog's rows, table message by table message: a table's rows share one layout (the
     * sorted column names), so each row costs one value array. A row with fewer values than column infos covers
     * the first columns only.
     */
    private static final class Rows {
        private final byte[] record;
        private final long ts;
        /** The zone TIMESTAMP strings are moved from, or null when they are UTC already. */
        private final ZoneId timestampZone;
        private String schema;
        private String table;
        private List<String> names;
        private Kind[] kinds;
        private RowImage.Layout full;
        /** Values of the row being read, in upstream order. */
        private Object[] scratch = new Object[0];

        Rows(byte[] record, long ts, ZoneId timestampZone) {
            this.record = record;
            this.ts = ts;
            this.timestampZone = timestampZone;
        }

        void startTable(String schema, String table, List<String> names, Kind[] kinds, RowImage.Layout full) {
            this.schema = schema;
            this.table = table;
            this.names = names;
            this.kinds = kinds;
            this.full = full;
            if (scratch.length < kinds.length) {
                scratch = new Object[kinds.length];
            }
        }

        /** The row of these row messages: one message but for a row given twice, which protobuf merges into one. */
        RowImage image(List<Span> spans) throws IOException {
            int n = 0;
            for (Span s : spans) {
                CodedInputStream in = s.open(record);
                for (int t = in.readTag(); t != 0; t = in.readTag()) {
                    if (t == ROW_COLUMNS) {
                        if (n == kinds.length) {
                            throw new IllegalArgumentException("relay record at commit ts " + ts + " for `" + schema
                                    + "`.`" + table + "` has more values than its " + kinds.length + " column infos");
                        }
                        scratch[n] = column(in, kinds[n]);
                        n++;
                    } else {
                        in.skipField(t);
                    }
                }
            }
            return layoutOf(n).image(Arrays.copyOf(scratch, n));
        }

        private RowImage.Layout layoutOf(int values) {
            return values == kinds.length ? full : RowImage.Layout.of(names.subList(0, values));
        }

        private Object column(CodedInputStream in, Kind kind) throws IOException {
            int limit = in.pushLimit(in.readRawVarint32());
            boolean isNull = false;
            boolean hasInt = false;
            boolean hasUint = false;
            boolean hasDouble = false;
            long intValue = 0;
            long uintValue = 0;
            double doubleValue = 0;
            byte[] bytes = null;
            byte[] string = null;
            for (int t = in.readTag(); t != 0; t = in.readTag()) {
                if (t == COLUMN_IS_NULL) {
                    isNull = in.readBool();
                } else if (t == COLUMN_INT64) {
                    intValue = in.readInt64();
                    hasInt = true;
                } else if (t == COLUMN_UINT64) {
                    uintValue = in.readUInt64();
                    hasUint = true;
                } else if (t == COLUMN_DOUBLE) {
                    doubleValue = in.readDouble();
                    hasDouble = true;
                } else if (t == COLUMN_BYTES) {
                    bytes = in.readByteArray();
                } else if (t == COLUMN_STRING) {
                    string = in.readByteArray();
                } else {
                    in.skipField(t);
                }
            }
            in.popLimit(limit);
            // One value per column; if a record sets more, the first of this order wins, as in the Go replay.
            if (isNull) {
                return null;
            }
            if (hasInt) {
                return intValue;
            }
            if (hasUint) {
                return uintValue >= 0 ? (Object) uintValue : new BigInteger(Long.toUnsignedString(uintValue));
            }
            if (hasDouble) {
                return doubleValue;
            }
            if (bytes != null) {
                return switch (kind) {
                    case JSON -> new Utf8Text(bytes);
                    case BIT -> bytes.length == 0 ? (Object) 0L : unsignedOf(new BigInteger(1, bytes));
                    default -> bytes;
                };
            }
            if (kind == Kind.TIMESTAMP && timestampZone != null) {
                return toUtc(string == null ? "" : new String(string, StandardCharsets.UTF_8), timestampZone);
            }
            // The bytes as the record holds them: no decoding here, no encoding in the loader.
            return new Utf8Text(string == null ? new byte[0] : string);
        }

        IOException invalid(String what) {
            return new IOException("`" + schema + "`.`" + table + "` at commit ts " + ts + " has " + what);
        }
    }

    private static Object unsignedOf(BigInteger b) {
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }

    /** {@code s} read as wall time in {@code zone}, written as UTC wall time with the same digits. */
    static String toUtc(String s, ZoneId zone) {
        if (s.startsWith("0000-00-00")) {
            return s;
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(s, PARSE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("TIMESTAMP value '" + s + "' is not yyyy-MM-dd HH:mm:ss[.ffffff]", e);
        }
        LocalDateTime utc = local.atZone(zone).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
        int dot = s.indexOf('.');
        String base = utc.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        if (dot < 0) {
            return base;
        }
        int digits = s.length() - dot - 1;
        String nanos = String.format("%09d", utc.getNano());
        return base + "." + nanos.substring(0, digits);
    }
}
