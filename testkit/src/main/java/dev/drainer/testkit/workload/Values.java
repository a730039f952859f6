package dev.drainer.testkit.workload;

import com.google.protobuf.ByteString;
import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.Objects;

/** Type-aware equality, hashing form and display of model values (see {@link ColumnType}). */
public final class Values {
    private static final int DISPLAY_LIMIT = 120;

    private Values() {
    }

    /** Whether two values of column {@code c} are the same: decimals by numeric value, floats bit-exactly, JSON structurally. */
    public static boolean same(ColumnDef c, Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        return switch (c.type()) {
            case DECIMAL -> ((BigDecimal) a).compareTo((BigDecimal) b) == 0;
            case JSON -> JsonText.canonicalOrRaw((String) a).equals(JsonText.canonicalOrRaw((String) b));
            // Float/Double.equals compare bits: 0.0 and -0.0 differ, as they do in a downstream read.
            default -> Objects.equals(a, b);
        };
    }

    /** A string that is equal for two values exactly when {@link #same} holds; input of content hashes. */
    public static String canonical(ColumnDef c, Object v) {
        if (v == null) {
            return "\u0000NULL";
        }
        return switch (c.type()) {
            case DECIMAL -> {
                BigDecimal d = ((BigDecimal) v).stripTrailingZeros();
                yield d.signum() == 0 ? "0" : d.toPlainString();
            }
            case FLOAT -> "f" + Integer.toHexString(Float.floatToRawIntBits((Float) v));
            case DOUBLE -> "d" + Long.toHexString(Double.doubleToRawLongBits((Double) v));
            case JSON -> JsonText.canonicalOrRaw((String) v);
            case BINARY, VARBINARY, BLOB -> HexFormat.of().formatHex(((ByteString) v).toByteArray());
            case BIT -> Long.toUnsignedString((Long) v);
            default -> v.toString();
        };
    }

    /** A short human-readable rendering for reports (SQL-literal-like, long values elided). */
    public static String display(ColumnDef c, Object v) {
        if (v == null) {
            return "NULL";
        }
        String s = switch (c.type()) {
            case FLOAT, DOUBLE, DECIMAL -> v.toString();
            case BIT -> Long.toUnsignedString((Long) v) + " (b'" + Long.toBinaryString((Long) v) + "')";
            default -> SqlLiterals.literal(c, v);
        };
        if (s.length() > DISPLAY_LIMIT) {
            s = s.substring(0, DISPLAY_LIMIT) + "…(" + s.length() + " chars)";
        }
        return s;
    }
}
