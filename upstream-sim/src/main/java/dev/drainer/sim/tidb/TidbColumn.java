package dev.drainer.sim.tidb;

import com.google.protobuf.ByteString;
import dev.drainer.testkit.workload.ColumnDef;
import dev.drainer.testkit.workload.ColumnType;
import dev.drainer.testkit.workload.TemporalText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * How TiDB describes and stores a workload column: its {@code FieldType} (type code, flags, display
 * length, decimal, charset) and the flattened datum of a model value ({@code tablecodec.flatten}).
 */
final class TidbColumn {
    static final int FLAG_NOT_NULL = 1;
    static final int FLAG_PRI_KEY = 2;
    static final int FLAG_UNIQUE_KEY = 4;
    static final int FLAG_BLOB = 16;
    static final int FLAG_UNSIGNED = 32;
    static final int FLAG_BINARY = 128;
    static final int FLAG_ENUM = 256;
    static final int FLAG_SET = 2048;
    static final int FLAG_NO_DEFAULT = 4096;

    private TidbColumn() {
    }

    /** TiDB's type code ({@code mysql.TypeXxx}). */
    static int typeCode(ColumnType t) {
        return switch (t) {
            case TINYINT -> 1;
            case SMALLINT -> 2;
            case INT -> 3;
            case FLOAT -> 4;
            case DOUBLE -> 5;
            case TIMESTAMP -> 7;
            case BIGINT -> 8;
            case MEDIUMINT -> 9;
            case DATE -> 10;
            case TIME -> 11;
            case DATETIME -> 12;
            case YEAR -> 13;
            case VARCHAR, VARBINARY -> 15;
            case BIT -> 16;
            case JSON -> 0xF5;
            case DECIMAL -> 0xF6;
            case ENUM -> 0xF7;
            case SET -> 0xF8;
            case TEXT, BLOB -> 0xFC;
            case CHAR, BINARY -> 0xFE;
        };
    }

    static boolean binaryCharset(ColumnType t) {
        return switch (t) {
            case CHAR, VARCHAR, TEXT, ENUM, SET -> false;
            default -> true;
        };
    }

    /** Flags TiDB sets from the definition alone (key flags are added by the table). */
    static int baseFlags(ColumnDef c) {
        int f = 0;
        if (!c.nullable()) {
            f |= FLAG_NOT_NULL;
        }
        if (c.unsigned()) {
            f |= FLAG_UNSIGNED;
        }
        if (c.type() == ColumnType.BINARY || c.type() == ColumnType.VARBINARY || c.type() == ColumnType.BLOB) {
            f |= FLAG_BINARY;
        }
        if (c.type() == ColumnType.BLOB || c.type() == ColumnType.TEXT) {
            f |= FLAG_BLOB;
        }
        if (c.type() == ColumnType.ENUM) {
            f |= FLAG_ENUM;
        }
        if (c.type() == ColumnType.SET) {
            f |= FLAG_SET;
        }
        if (!c.nullable() && c.defaultValue() == null) {
            f |= FLAG_NO_DEFAULT;
        }
        return f;
    }

    /** Appends the flattened datum of a model value (null is SQL NULL). */
    static void write(DatumWriter w, ColumnDef c, Object v) {
        if (v == null) {
            w.nil();
            return;
        }
        switch (c.type()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT -> {
                BigInteger i = (BigInteger) v;
                if (c.unsigned()) {
                    w.uvarint(i.longValue());
                } else {
                    w.varint(i.longValueExact());
                }
            }
            // FLOAT datums are float32; the float flag carries them widened to float64.
            case FLOAT -> w.floating((double) (Float) v);
            case DOUBLE -> w.floating((Double) v);
            case DECIMAL -> w.decimal((BigDecimal) v, c.length(), c.scale());
            case DATE -> w.uvarint(packed(((LocalDate) v).atStartOfDay()));
            // TIMESTAMP model values are UTC already, which is what TiDB converts them to.
            case DATETIME, TIMESTAMP -> w.uvarint(packed((LocalDateTime) v));
            case TIME -> w.varint(((Duration) v).toNanos());
            case YEAR -> w.varint((Integer) v);
            case CHAR, VARCHAR, TEXT -> w.compactBytes(((String) v).getBytes(StandardCharsets.UTF_8));
            case BINARY, VARBINARY, BLOB -> w.compactBytes(((ByteString) v).toByteArray());
            case ENUM -> w.uvarint(c.elements().indexOf((String) v) + 1L);
            case SET -> w.uvarint(setBits(c, (String) v));
            case BIT -> w.uvarint((Long) v);
            case JSON -> w.json((String) v);
        }
    }

    /** {@code types.Time.ToPackedUint}. */
    static long packed(LocalDateTime t) {
        long ymd = ((t.getYear() * 13L + t.getMonthValue()) << 5) | t.getDayOfMonth();
        long hms = ((long) t.getHour() << 12) | ((long) t.getMinute() << 6) | t.getSecond();
        return ((ymd << 17 | hms) << 24) | (t.getNano() / 1000);
    }

    static long setBits(ColumnDef c, String labels) {
        long bits = 0;
        if (labels.isEmpty()) {
            return 0;
        }
        for (String l : labels.split(",", -1)) {
            bits |= 1L << c.elements().indexOf(l);
        }
        return bits;
    }

    /** The default as TiDB's meta keeps it in {@code default}/{@code origin_default}: a string. */
    static String defaultText(ColumnDef c) {
        Object v = c.defaultValue();
        if (v == null) {
            return null;
        }
        return switch (c.type()) {
            case DECIMAL -> ((BigDecimal) v).toPlainString();
            case DATE -> TemporalText.date((LocalDate) v);
            case DATETIME, TIMESTAMP -> TemporalText.dateTime((LocalDateTime) v, c.fsp());
            case TIME -> TemporalText.time((Duration) v, c.fsp());
            case BIT -> new String(bitBytes(c), StandardCharsets.ISO_8859_1);
            case BINARY, VARBINARY, BLOB -> ((ByteString) v).toString(StandardCharsets.ISO_8859_1);
            default -> v.toString();
        };
    }

    /** A BIT default's bytes ({@code default_bit}/{@code origin_default_bit}): big-endian, (width+7)/8 bytes. */
    static byte[] bitBytes(ColumnDef c) {
        long v = (Long) c.defaultValue();
        byte[] b = new byte[(c.length() + 7) / 8];
        for (int i = b.length - 1; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }
}
