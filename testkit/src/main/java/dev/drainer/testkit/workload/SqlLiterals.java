package dev.drainer.testkit.workload;

import com.google.protobuf.ByteString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.HexFormat;

/** Renders identifiers and model values as MySQL SQL text that round-trips exactly. */
public final class SqlLiterals {
    private SqlLiterals() {
    }

    /** A back-quoted identifier (back-quotes doubled). */
    public static String ident(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** {@code `schema`.`table`}. */
    public static String qualified(String schema, String table) {
        return ident(schema) + "." + ident(table);
    }

    /** A single-quoted string literal, escaped for the default sql_mode (backslash escapes on). */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\'' -> sb.append("''");
                case '\\' -> sb.append("\\\\");
                case '\0' -> sb.append("\\0");
                case '\u001a' -> sb.append("\\Z");
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    /** The SQL literal for a model value of column {@code c} ({@code NULL} for null). */
    public static String literal(ColumnDef c, Object v) {
        if (v == null) {
            return "NULL";
        }
        return switch (c.type()) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT -> ((BigInteger) v).toString();
            // The exact double value with an exponent: MySQL parses it as an approximate literal,
            // so it reaches the column without a DECIMAL detour.
            case FLOAT -> approximate((double) (Float) v);
            case DOUBLE -> approximate((Double) v);
            case DECIMAL -> ((BigDecimal) v).toPlainString();
            case DATE -> quote(TemporalText.date((LocalDate) v));
            case DATETIME, TIMESTAMP -> quote(TemporalText.dateTime((LocalDateTime) v, c.fsp()));
            case TIME -> quote(TemporalText.time((Duration) v, c.fsp()));
            case YEAR -> v.toString();
            case CHAR, VARCHAR, TEXT, ENUM, SET, JSON -> quote((String) v);
            case BINARY, VARBINARY, BLOB -> "X'" + HexFormat.of().formatHex(((ByteString) v).toByteArray()) + "'";
            case BIT -> "b'" + Long.toBinaryString((Long) v) + "'";
        };
    }

    private static String approximate(double d) {
        String s = Double.toString(d);
        return s.contains("E") ? s : s + "E0";
    }
}
