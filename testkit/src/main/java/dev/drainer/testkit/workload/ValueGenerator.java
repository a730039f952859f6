package dev.drainer.testkit.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random model values for a column that round-trip exactly through MySQL/MariaDB: in range, within
 * precision, fractional seconds truncated to the column's fsp, FLOATs with at most 6 significant
 * digits (servers print FLOAT with 6) and DOUBLEs with at most 15 (or 17 for the extremes).
 */
final class ValueGenerator {
    private static final int[] CODE_POINTS = buildAlphabet();
    private static final long MAX_TIME_SECONDS = 838L * 3600 + 59 * 60 + 59;
    private static final long MAX_TIMESTAMP_SECONDS = Integer.MAX_VALUE; // 2038-01-19 03:14:07 UTC
    private static final long MIN_DATE = LocalDate.of(1000, 1, 1).toEpochDay();
    private static final long MAX_DATE = LocalDate.of(9999, 12, 31).toEpochDay();

    private final Random rnd;

    ValueGenerator(Random rnd) {
        this.rnd = rnd;
    }

    private static int[] buildAlphabet() {
        StringBuilder sb = new StringBuilder("abcdefghijklmnopqrstuvwxyzABCDEFXYZ0123456789     '\"\\%_,;\n\t");
        // Latin-1, CJK, 4-byte emoji and a 4-byte musical symbol: utf8mb4 all the way through.
        sb.append("\u00e9\u00fc\u00df\u4e2d\u6587\u5b57\u65e5\u672c\u20ac");
        sb.appendCodePoint(0x1F600).appendCodePoint(0x1F389).appendCodePoint(0x1D11E).appendCodePoint(0x1F44D);
        return sb.codePoints().toArray();
    }

    /** NULL for a nullable column one time in ten, else {@link #value}. */
    Object valueOrNull(ColumnDef c) {
        if (c.nullable() && rnd.nextInt(10) == 0) {
            return null;
        }
        return value(c);
    }

    /** A random non-NULL value of column {@code c}. */
    Object value(ColumnDef c) {
        return switch (c.type()) {
            case TINYINT -> integer(c, 8);
            case SMALLINT -> integer(c, 16);
            case MEDIUMINT -> integer(c, 24);
            case INT -> integer(c, 32);
            case BIGINT -> integer(c, 64);
            case FLOAT -> floatValue();
            case DOUBLE -> doubleValue();
            case DECIMAL -> decimal(c.length(), c.scale());
            case DATE -> LocalDate.ofEpochDay(between(MIN_DATE, MAX_DATE));
            case DATETIME -> LocalDate.ofEpochDay(between(MIN_DATE, MAX_DATE)).atStartOfDay()
                    .plusSeconds(between(0, 86_399)).plusNanos(micros(c.fsp()) * 1000L);
            case TIMESTAMP -> timestamp(c.fsp());
            case TIME -> time(c.fsp());
            case YEAR -> (int) between(1901, 2155);
            case CHAR -> stripTrailingSpaces(text(rnd.nextInt(c.length() + 1)));
            case VARCHAR -> text(rnd.nextInt(c.length() + 1));
            case TEXT -> text(rnd.nextInt(30) == 0 ? 2000 + rnd.nextInt(3000) : rnd.nextInt(200));
            case BINARY -> bytes(c.length());
            case VARBINARY -> bytes(rnd.nextInt(c.length() + 1));
            case BLOB -> bytes(rnd.nextInt(30) == 0 ? 5000 + rnd.nextInt(5000) : rnd.nextInt(300));
            case ENUM -> c.elements().get(rnd.nextInt(c.elements().size()));
            case SET -> set(c.elements());
            case BIT -> c.length() == 64 ? rnd.nextLong() : rnd.nextLong() & ((1L << c.length()) - 1);
            case JSON -> JsonText.canonical(json(0).toString());
        };
    }

    long between(long lo, long hi) {
        return lo + (long) (rnd.nextDouble() * (hi - lo + 1));
    }

    private BigInteger integer(ColumnDef c, int bits) {
        BigInteger min = c.unsigned() ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger max = c.unsigned() ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        // The edges are where sign and width bugs live.
        switch (rnd.nextInt(12)) {
            case 0:
                return min;
            case 1:
                return max;
            case 2:
                return max.subtract(BigInteger.ONE);
            case 3:
                return c.unsigned() ? BigInteger.ZERO : BigInteger.ONE.negate();
            default:
                BigInteger range = max.subtract(min).add(BigInteger.ONE);
                return new BigInteger(bits + 16, rnd).mod(range).add(min);
        }
    }

    private Float floatValue() {
        if (rnd.nextInt(5) == 0) {
            return (rnd.nextInt(2001) - 1000) / 8f; // exact binary fractions
        }
        int unscaled = rnd.nextInt(1_999_999) - 999_999;
        if (unscaled == 0) {
            return 0f;
        }
        return Float.parseFloat(BigDecimal.valueOf(unscaled, rnd.nextInt(13) - 4).toString());
    }

    private Double doubleValue() {
        switch (rnd.nextInt(20)) {
            case 0:
                return Double.MAX_VALUE;
            case 1:
                return -Double.MIN_NORMAL;
            case 2:
                return 0.1;
            default:
                long unscaled = rnd.nextLong() % 1_000_000_000_000_000L;
                if (unscaled == 0) {
                    return 0d;
                }
                return Double.parseDouble(BigDecimal.valueOf(unscaled, rnd.nextInt(51) - 20).toString());
        }
    }

    private BigDecimal decimal(int precision, int scale) {
        int digits = rnd.nextInt(6) == 0 ? precision : 1 + rnd.nextInt(precision);
        BigInteger bound = BigInteger.TEN.pow(digits);
        BigInteger unscaled = new BigInteger(bound.bitLength() + 16, rnd).mod(bound);
        if (rnd.nextInt(8) == 0) {
            unscaled = bound.subtract(BigInteger.ONE); // all nines: the precision limit
        }
        if (rnd.nextBoolean()) {
            unscaled = unscaled.negate();
        }
        return new BigDecimal(unscaled, scale);
    }

    private int micros(int fsp) {
        int m = rnd.nextInt(1_000_000);
        int unit = (int) Math.pow(10, 6 - fsp);
        return m - m % unit;
    }

    private LocalDateTime timestamp(int fsp) {
        long s;
        int r = rnd.nextInt(10);
        if (r == 0) {
            s = 1;
        } else if (r == 1) {
            s = MAX_TIMESTAMP_SECONDS;
        } else {
            s = between(1, MAX_TIMESTAMP_SECONDS);
        }
        return LocalDateTime.ofEpochSecond(s, micros(fsp) * 1000, ZoneOffset.UTC);
    }

    private Duration time(int fsp) {
        long s = rnd.nextInt(10) == 0 ? MAX_TIME_SECONDS : between(0, MAX_TIME_SECONDS);
        if (rnd.nextInt(4) == 0) {
            s = between(0, 86_399); // mostly ordinary times of day
        }
        Duration d = Duration.ofSeconds(s).plusNanos(micros(fsp) * 1000L);
        return rnd.nextInt(3) == 0 ? d.negated() : d;
    }

    /** A string of exactly {@code codePoints} code points from a utf8mb4-heavy alphabet. */
    String text(int codePoints) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < codePoints; i++) {
            sb.appendCodePoint(CODE_POINTS[rnd.nextInt(CODE_POINTS.length)]);
        }
        return sb.toString();
    }

    private static String stripTrailingSpaces(String s) {
        // CHAR columns drop trailing spaces on read; the model must not keep them.
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == ' ') {
            end--;
        }
        return s.substring(0, end);
    }

    private ByteString bytes(int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        if (n > 0 && rnd.nextInt(4) == 0) {
            b[n - 1] = 0; // trailing 0x00 must survive BINARY/VARBINARY/BLOB
        }
        return ByteString.copyFrom(b);
    }

    private String set(List<String> labels) {
        List<String> chosen = new ArrayList<>();
        for (String l : labels) {
            if (rnd.nextBoolean()) {
                chosen.add(l);
            }
        }
        return String.join(",", chosen);
    }

    private JsonNode json(int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        int kind = depth == 0 ? rnd.nextInt(10) : depth >= 3 ? 9 : rnd.nextInt(10);
        if (kind < 5) {
            ObjectNode o = f.objectNode();
            int n = rnd.nextInt(5);
            for (int i = 0; i < n; i++) {
                o.set(rnd.nextInt(4) == 0 ? text(1 + rnd.nextInt(4)) : "k" + rnd.nextInt(20), json(depth + 1));
            }
            return o;
        }
        if (kind < 8) {
            ArrayNode a = f.arrayNode();
            int n = rnd.nextInt(5);
            for (int i = 0; i < n; i++) {
                a.add(json(depth + 1));
            }
            return a;
        }
        return switch (rnd.nextInt(6)) {
            case 0 -> f.numberNode(between(-(1L << 53), 1L << 53));
            case 1 -> f.numberNode(BigDecimal.valueOf(rnd.nextInt(200_001) - 100_000, 2));
            case 2 -> f.textNode(text(rnd.nextInt(12)));
            case 3 -> f.booleanNode(rnd.nextBoolean());
            case 4 -> f.nullNode();
            default -> f.numberNode(rnd.nextInt(1000));
        };
    }
}
