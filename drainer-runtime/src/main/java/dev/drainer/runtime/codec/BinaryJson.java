package dev.drainer.runtime.codec;

import java.nio.charset.StandardCharsets;

/**
 * TiDB's binary JSON (types/json: MySQL 5.7's layout with TiDB's choices: little-endian counts and
 * offsets relative to the container, literals inlined in the value entry, numbers and strings out
 * of line) rendered as JSON text the way TiDB prints it ({@code ", "} and {@code ": "} separators).
 */
public final class BinaryJson {
    static final int OBJECT = 0x01;
    static final int ARRAY = 0x03;
    static final int LITERAL = 0x04;
    static final int INT64 = 0x09;
    static final int UINT64 = 0x0A;
    static final int FLOAT64 = 0x0B;
    static final int STRING = 0x0C;
    private static final int HEADER = 8;
    private static final int KEY_ENTRY = 6;
    private static final int VALUE_ENTRY = 5;

    private BinaryJson() {
    }

    /** Length of the JSON datum payload (type code included) starting at {@code buf[off]}. */
    static int encodedLength(byte[] buf, int off) {
        int type = buf[off] & 0xFF;
        int v = off + 1;
        return 1 + switch (type) {
            case OBJECT, ARRAY -> u32(buf, v + 4);
            case LITERAL -> 1;
            case INT64, UINT64, FLOAT64 -> 8;
            case STRING -> {
                long[] lenAndSize = uvarint(buf, v);
                yield (int) (lenAndSize[0] + lenAndSize[1]);
            }
            default -> throw unsupported(type, off);
        };
    }

    /** The JSON text of a datum payload: type code, then the value. */
    public static String toText(byte[] payload) {
        StringBuilder sb = new StringBuilder();
        write(payload, payload[0] & 0xFF, 1, sb);
        return sb.toString();
    }

    private static void write(byte[] b, int type, int v, StringBuilder sb) {
        switch (type) {
            case OBJECT -> {
                int n = u32(b, v);
                sb.append('{');
                for (int i = 0; i < n; i++) {
                    int ke = v + HEADER + i * KEY_ENTRY;
                    int keyOff = v + u32(b, ke);
                    int keyLen = (b[ke + 4] & 0xFF) | (b[ke + 5] & 0xFF) << 8;
                    sb.append(i == 0 ? "" : ", ");
                    string(new String(b, keyOff, keyLen, StandardCharsets.UTF_8), sb);
                    sb.append(": ");
                    entry(b, v, v + HEADER + n * KEY_ENTRY + i * VALUE_ENTRY, sb);
                }
                sb.append('}');
            }
            case ARRAY -> {
                int n = u32(b, v);
                sb.append('[');
                for (int i = 0; i < n; i++) {
                    sb.append(i == 0 ? "" : ", ");
                    entry(b, v, v + HEADER + i * VALUE_ENTRY, sb);
                }
                sb.append(']');
            }
            case LITERAL -> sb.append(literal(b[v], v));
            case INT64 -> sb.append(u64(b, v));
            case UINT64 -> sb.append(Long.toUnsignedString(u64(b, v)));
            case FLOAT64 -> sb.append(goFloat(Double.longBitsToDouble(u64(b, v))));
            case STRING -> {
                long[] ls = uvarint(b, v);
                string(new String(b, v + (int) ls[1], (int) ls[0], StandardCharsets.UTF_8), sb);
            }
            default -> throw unsupported(type, v - 1);
        }
    }

    private static void entry(byte[] b, int container, int e, StringBuilder sb) {
        int type = b[e] & 0xFF;
        if (type == LITERAL) {
            sb.append(literal(b[e + 1], e + 1));
        } else {
            write(b, type, container + u32(b, e + 1), sb);
        }
    }

    private static String literal(byte code, int at) {
        return switch (code) {
            case 0x00 -> "null";
            case 0x01 -> "true";
            case 0x02 -> "false";
            default -> throw new CodecException("JSON literal 0x" + Integer.toHexString(code & 0xFF) + " at offset " + at
                    + " is none of 0x00 null, 0x01 true, 0x02 false");
        };
    }

    private static CodecException unsupported(int type, int at) {
        return new CodecException("JSON type code 0x" + Integer.toHexString(type) + " at offset " + at
                + " is not one a binlog-era TiDB writes (0x01 object, 0x03 array, 0x04 literal, 0x09 int64,"
                + " 0x0a uint64, 0x0b float64, 0x0c string)");
    }

    /** Go's {@code encoding/json} float form, which TiDB copies: 'f' within [1e-6, 1e21), else 'e' with a short exponent. */
    static String goFloat(double f) {
        if (Double.isNaN(f) || Double.isInfinite(f)) {
            throw new CodecException("JSON float " + f + " cannot be written as JSON");
        }
        double abs = Math.abs(f);
        java.math.BigDecimal shortest = shortest(f);
        if (abs == 0 || (abs >= 1e-6 && abs < 1e21)) {
            String s = shortest.stripTrailingZeros().toPlainString();
            return f == 0 && 1 / f < 0 ? "-0" : s;
        }
        java.math.BigDecimal stripped = shortest.stripTrailingZeros();
        String unscaled = stripped.unscaledValue().abs().toString();
        int exponent = unscaled.length() - 1 - stripped.scale();
        String mantissa = unscaled.length() == 1 ? unscaled : unscaled.charAt(0) + "." + unscaled.substring(1);
        String exp = exponent < 0 ? "-" + pad2(-exponent) : "+" + pad2(exponent);
        if (exp.startsWith("-0")) {
            exp = "-" + exp.substring(2); // Go's e-09 → e-9 clean-up; positive exponents keep two digits
        }
        return (f < 0 ? "-" : "") + mantissa + "e" + exp;
    }

    /** The fewest significant digits that read back as {@code f} (Go's precision -1; JDK 17's toString is not always shortest). */
    private static java.math.BigDecimal shortest(double f) {
        java.math.BigDecimal exact = new java.math.BigDecimal(f);
        for (int digits = 1; digits < 17; digits++) {
            java.math.BigDecimal d = exact.round(new java.math.MathContext(digits, java.math.RoundingMode.HALF_EVEN));
            if (d.doubleValue() == f) {
                return d;
            }
        }
        return exact.round(new java.math.MathContext(17, java.math.RoundingMode.HALF_EVEN));
    }

    private static String pad2(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static int u32(byte[] b, int p) {
        long v = (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24;
        if (v > Integer.MAX_VALUE) {
            throw new CodecException("JSON count or offset " + v + " at offset " + p + " exceeds 2^31-1");
        }
        return (int) v;
    }

    private static long u64(byte[] b, int p) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[p + i] & 0xFF);
        }
        return v;
    }

    /** {length, bytes the length took}. */
    private static long[] uvarint(byte[] b, int p) {
        long x = 0;
        for (int i = 0, shift = 0; shift < 64; i++, shift += 7) {
            int c = b[p + i] & 0xFF;
            x |= (long) (c & 0x7F) << shift;
            if (c < 0x80) {
                return new long[] {x, i + 1};
            }
        }
        throw new CodecException("JSON string length varint at offset " + p + " is longer than 10 bytes");
    }
}
