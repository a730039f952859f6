package dev.drainer.runtime.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.drainer.proto.secondary.SecondaryBinlog.Column;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * Turns a flattened datum, a column default or a type's zero value into a secondary binlog
 * {@link Column}: TiDB's {@code Unflatten} by field type followed by the Go drainer's
 * {@code DatumToColumn} mapping (spec §2.4, §2.6). TIMESTAMPs are written in {@code zone}.
 */
public final class ColumnValues {
    private static final Column NULL = Column.newBuilder().setIsNull(true).build();
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final DateTimeFormatter PARSE = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private ColumnValues() {
    }

    /** The value of {@code datum} in a column of type {@code ft}. */
    public static Column fromDatum(String column, FieldType ft, Datum d, ZoneId zone) {
        if (d.isNull()) {
            return NULL;
        }
        Column.Builder c = Column.newBuilder();
        try {
            switch (ft.tp()) {
                case FieldType.TYPE_TINY, FieldType.TYPE_SHORT, FieldType.TYPE_INT24, FieldType.TYPE_LONG,
                     FieldType.TYPE_LONGLONG -> integer(c, ft, d.longValue());
                case FieldType.TYPE_YEAR -> c.setStringValueBytes(ascii(yearText(d.longValue())));
                case FieldType.TYPE_FLOAT -> c.setDoubleValue((float) floating(d));
                case FieldType.TYPE_DOUBLE -> c.setDoubleValue(floating(d));
                case FieldType.TYPE_NEWDECIMAL -> c.setStringValueBytes(ascii(d.decimal().toPlainString()));
                case FieldType.TYPE_DATE, FieldType.TYPE_NEWDATE ->
                        c.setStringValueBytes(ascii(PackedTime.unpack(d.longValue()).dateText()));
                case FieldType.TYPE_DATETIME ->
                        c.setStringValueBytes(ascii(PackedTime.unpack(d.longValue()).dateTimeText(fsp(ft))));
                case FieldType.TYPE_TIMESTAMP -> c.setStringValueBytes(ascii(
                        PackedTime.unpack(d.longValue()).fromUtc(zone).dateTimeText(fsp(ft))));
                case FieldType.TYPE_DURATION -> c.setStringValueBytes(ascii(durationText(d.longValue(), fsp(ft))));
                case FieldType.TYPE_ENUM, FieldType.TYPE_SET -> c.setUint64Value(d.longValue());
                case FieldType.TYPE_BIT -> c.setBytesValue(ByteString.copyFrom(bitBytes(d.longValue(), ft.flen())));
                case FieldType.TYPE_JSON -> c.setBytesValue(ByteString.copyFromUtf8(BinaryJson.toText(d.bytes())));
                default -> strings(c, ft, d.bytes());
            }
        } catch (ClassCastException | IllegalStateException e) {
            throw new CodecException("column " + column + " of type " + ft.typeName() + " holds a " + d.kind()
                    + " datum, which that type never stores", e);
        }
        return c.build();
    }

    /**
     * The bytes of a text that is ASCII by construction (numbers, dates, times): stored as bytes, the
     * message neither scans the string for its UTF-8 length nor encodes it when serialized.
     */
    private static ByteString ascii(String text) {
        return UnsafeByteOperations.unsafeWrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void integer(Column.Builder c, FieldType ft, long bits) {
        if (ft.unsigned()) {
            c.setUint64Value(bits);
        } else {
            c.setInt64Value(bits);
        }
    }

    private static double floating(Datum d) {
        if (d.kind() != Datum.Kind.FLOAT) {
            throw new IllegalStateException("not a float");
        }
        return (Double) d.value();
    }

    /**
     * {@code b} is the caller's own array, never changed afterwards, so the message wraps it. Text goes into
     * {@code string_value} as the bytes TiDB stored, as the Go drainer's string does: nothing decodes it to
     * put it in the relay log or the loader's statements (Utf8Text).
     */
    private static void strings(Column.Builder c, FieldType ft, byte[] b) {
        if (ft.isBinaryString()) {
            c.setBytesValue(UnsafeByteOperations.unsafeWrap(b));
        } else {
            // Text, and the Go mapping's fallback for any other type: the value as a string.
            c.setStringValueBytes(UnsafeByteOperations.unsafeWrap(b));
        }
    }

    private static int fsp(FieldType ft) {
        return Math.max(0, Math.min(6, ft.decimal()));
    }

    private static String yearText(long y) {
        // "%04d" rather than Go's "%v": a YEAR 0 written as "0" would be read back as 2000.
        StringBuilder sb = new StringBuilder(4);
        PackedTime.appendPadded(sb, y, 4);
        return sb.toString();
    }

    /** {@code [-]HH:MM:SS[.fff]} of a TIME held as nanoseconds; hours may exceed 24. */
    static String durationText(long nanos, int fsp) {
        boolean negative = nanos < 0;
        long abs = Math.abs(nanos);
        long seconds = abs / NANOS_PER_SECOND;
        int micros = (int) (abs % NANOS_PER_SECOND / 1000);
        StringBuilder sb = new StringBuilder(18);
        if (negative) {
            sb.append('-');
        }
        PackedTime.appendClock(sb, seconds / 3600, seconds / 60 % 60, seconds % 60);
        PackedTime.appendFraction(sb, micros, fsp);
        return sb.toString();
    }

    /** Big-endian, {@code (width + 7) / 8} bytes. */
    private static byte[] bitBytes(long v, int width) {
        byte[] b = new byte[Math.max(1, (width + 7) / 8)];
        for (int i = b.length - 1; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    /**
     * The value of a column default as TiDB stores it in {@code origin_default} (a string, TIMESTAMPs in
     * UTC; ENUM/SET by label) or, for BIT, in {@code origin_default_bit}. A null default is NULL.
     */
    public static Column fromDefault(String column, FieldType ft, String text, byte[] bit, ZoneId zone) {
        if (ft.tp() == FieldType.TYPE_BIT && bit != null) {
            long v = 0;
            for (byte x : bit) {
                v = (v << 8) | (x & 0xFF);
            }
            return Column.newBuilder().setBytesValue(ByteString.copyFrom(bitBytes(v, ft.flen()))).build();
        }
        if (text == null) {
            return NULL;
        }
        Column.Builder c = Column.newBuilder();
        try {
            switch (ft.tp()) {
                case FieldType.TYPE_TINY, FieldType.TYPE_SHORT, FieldType.TYPE_INT24, FieldType.TYPE_LONG,
                     FieldType.TYPE_LONGLONG -> integer(c, ft, new BigDecimal(text.trim()).toBigIntegerExact().longValue());
                case FieldType.TYPE_FLOAT -> c.setDoubleValue(Float.parseFloat(text.trim()));
                case FieldType.TYPE_DOUBLE -> c.setDoubleValue(Double.parseDouble(text.trim()));
                case FieldType.TYPE_NEWDECIMAL -> c.setStringValue(scaled(new BigDecimal(text.trim()), ft).toPlainString());
                case FieldType.TYPE_TIMESTAMP -> c.setStringValue(utcTextIn(text, zone));
                case FieldType.TYPE_DATE, FieldType.TYPE_NEWDATE, FieldType.TYPE_DATETIME, FieldType.TYPE_DURATION,
                     FieldType.TYPE_YEAR -> c.setStringValue(text);
                case FieldType.TYPE_ENUM -> c.setUint64Value(enumIndex(column, ft, text));
                case FieldType.TYPE_SET -> c.setUint64Value(setBits(column, ft, text));
                case FieldType.TYPE_BIT -> c.setBytesValue(ByteString.copyFrom(bitBytes(
                        new BigInteger(1, text.getBytes(StandardCharsets.ISO_8859_1)).longValue(), ft.flen())));
                case FieldType.TYPE_JSON -> c.setBytesValue(ByteString.copyFromUtf8(text));
                default -> strings(c, ft, text.getBytes(StandardCharsets.UTF_8));
            }
        } catch (NumberFormatException | ArithmeticException e) {
            throw new CodecException("column " + column + " of type " + ft.typeName() + " has a default '" + text
                    + "' that is not a value of that type", e);
        }
        return c.build();
    }

    private static BigDecimal scaled(BigDecimal d, FieldType ft) {
        return ft.decimal() >= 0 ? d.setScale(ft.decimal(), RoundingMode.HALF_UP) : d;
    }

    private static long enumIndex(String column, FieldType ft, String label) {
        int i = ft.elems().indexOf(label);
        if (i < 0) {
            throw new CodecException("column " + column + ": default '" + label + "' is not one of the ENUM labels " + ft.elems());
        }
        return i + 1L;
    }

    private static long setBits(String column, FieldType ft, String labels) {
        long bits = 0;
        if (labels.isEmpty()) {
            return 0;
        }
        for (String l : labels.split(",", -1)) {
            int i = ft.elems().indexOf(l);
            if (i < 0) {
                throw new CodecException("column " + column + ": default '" + labels + "' names '" + l
                        + "', not one of the SET labels " + ft.elems());
            }
            bits |= 1L << i;
        }
        return bits;
    }

    /** A UTC TIMESTAMP default written in {@code zone}, keeping its fractional digits. */
    private static String utcTextIn(String text, ZoneId zone) {
        if (ZoneOffset.UTC.equals(zone.normalized()) || text.startsWith("0000-00-00")) {
            return text;
        }
        LocalDateTime utc;
        try {
            utc = LocalDateTime.parse(text, PARSE);
        } catch (DateTimeParseException e) {
            // CURRENT_TIMESTAMP and friends are not in origin_default; anything else unparsable is kept as is.
            return text;
        }
        LocalDateTime local = utc.atOffset(ZoneOffset.UTC).atZoneSameInstant(zone).toLocalDateTime();
        int dot = text.indexOf('.');
        PackedTime p = new PackedTime(local.getYear(), local.getMonthValue(), local.getDayOfMonth(), local.getHour(),
                local.getMinute(), local.getSecond(), local.getNano() / 1000);
        return p.dateTimeText(dot < 0 ? 0 : text.length() - dot - 1);
    }

    /** TiDB's zero value of a NOT NULL column without a default ({@code table.GetZeroValue}). */
    public static Column zero(FieldType ft) {
        Column.Builder c = Column.newBuilder();
        switch (ft.tp()) {
            case FieldType.TYPE_TINY, FieldType.TYPE_SHORT, FieldType.TYPE_INT24, FieldType.TYPE_LONG,
                 FieldType.TYPE_LONGLONG -> integer(c, ft, 0);
            case FieldType.TYPE_FLOAT, FieldType.TYPE_DOUBLE -> c.setDoubleValue(0);
            case FieldType.TYPE_NEWDECIMAL -> c.setStringValue(scaled(BigDecimal.ZERO, ft).toPlainString());
            case FieldType.TYPE_DATE, FieldType.TYPE_NEWDATE -> c.setStringValue(PackedTime.unpack(0).dateText());
            case FieldType.TYPE_DATETIME, FieldType.TYPE_TIMESTAMP -> c.setStringValue(PackedTime.unpack(0).dateTimeText(fsp(ft)));
            case FieldType.TYPE_DURATION -> c.setStringValue(durationText(0, fsp(ft)));
            case FieldType.TYPE_YEAR -> c.setStringValue(yearText(0));
            case FieldType.TYPE_ENUM -> c.setUint64Value(ft.elems().isEmpty() ? 0 : 1);
            case FieldType.TYPE_SET -> c.setUint64Value(0);
            case FieldType.TYPE_BIT -> c.setBytesValue(ByteString.copyFrom(bitBytes(0, ft.flen())));
            case FieldType.TYPE_JSON -> c.setBytesValue(ByteString.copyFromUtf8("null"));
            default -> {
                if (ft.isBinaryString()) {
                    int n = ft.tp() == FieldType.TYPE_STRING ? Math.max(0, ft.flen()) : 0;
                    c.setBytesValue(ByteString.copyFrom(new byte[n]));
                } else {
                    c.setStringValue("");
                }
            }
        }
        return c.build();
    }
}
