package dev.drainer.runtime.loader;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.List;

/**
 * A statement's text with its values written in as MySQL literals, as Connector/J's client-side prepared
 * statements send them ({@code useServerPrepStmts=false}): the loader then runs one plain String instead
 * of having the driver parse a long multi-row text for its {@code ?}s and keep a bind object per value.
 * The connection's character set is UTF-8 ({@code MysqlEndpoint}), so no multi-byte escaping rules apply.
 */
final class InlineSql {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private InlineSql() {
    }

    /**
     * {@code st} with every {@code ?} outside a backquoted identifier replaced by its argument.
     *
     * @param noBackslashEscapes the session's sql_mode has NO_BACKSLASH_ESCAPES: a backslash in a string
     *                           literal is itself, and only a quote needs escaping (doubled)
     */
    static String render(Statement st, boolean noBackslashEscapes) throws SQLException {
        String sql = st.sql();
        List<Object> args = st.args();
        // Sized for the text as it will be, so a statement of thousands of values is not copied on every doubling.
        StringBuilder out = new StringBuilder(sql.length() + literalsLength(args));
        int next = 0;
        int copied = 0;
        // A multi-row text is mostly placeholders: jump between them with String.indexOf (vectorized) rather
        // than test every character. Identifiers, where a ? is just a character, are skipped the same way.
        int tick = sql.indexOf('`');
        int q = sql.indexOf('?');
        while (q >= 0) {
            if (tick >= 0 && tick < q) {
                // Skip the identifier; a doubled backquote inside one ends it and starts the next at once.
                int close = sql.indexOf('`', tick + 1);
                if (close < 0) {
                    break;
                }
                tick = sql.indexOf('`', close + 1);
                if (q < close) {
                    q = sql.indexOf('?', close + 1);
                }
                continue;
            }
            if (next == args.size()) {
                throw new IllegalArgumentException("statement has more than " + args.size() + " placeholders: " + sql);
            }
            out.append(sql, copied, q);
            appendLiteral(out, args.get(next++), noBackslashEscapes);
            copied = q + 1;
            q = sql.indexOf('?', copied);
        }
        if (next != args.size()) {
            throw new IllegalArgumentException("statement has " + next + " placeholders for " + args.size()
                    + " values: " + sql);
        }
        return out.append(sql, copied, sql.length()).toString();
    }

    /** The length of {@code args} as literals, short only by escapes (rare: the builder grows for them). */
    private static int literalsLength(List<Object> args) {
        long n = 0;
        for (Object v : args) {
            n += v instanceof String s ? s.length() + 2 : v instanceof byte[] b ? 2L * b.length + 11 : 24;
        }
        return (int) Math.min(n, Integer.MAX_VALUE - 64);
    }

    /**
     * One value as a literal: NULL; a Long, a BigInteger (unsigned BIGINT above 2^63-1) or a Double as the
     * numeral Connector/J's setLong, setBigDecimal and setDouble write; a String quoted and escaped; a
     * {@code byte[]} as a binary string in hex ({@code _binary X'…'}), which a String could not carry raw.
     */
    static void appendLiteral(StringBuilder out, Object v, boolean noBackslashEscapes) throws SQLException {
        if (v == null) {
            out.append("NULL");
        } else if (v instanceof Long l) {
            out.append(l.longValue());
        } else if (v instanceof BigInteger b) {
            out.append(b);
        } else if (v instanceof Double d) {
            appendDouble(out, d);
        } else if (v instanceof String s) {
            appendString(out, s, noBackslashEscapes);
        } else if (v instanceof byte[] b) {
            out.append("_binary X'");
            for (byte x : b) {
                out.append(HEX[(x >> 4) & 0xf]).append(HEX[x & 0xf]);
            }
            out.append('\'');
        } else {
            throw new IllegalArgumentException("unsupported value type " + v.getClass().getName());
        }
    }

    /** {@code Double.toString} with an explicit exponent sign ({@code 1.0E+20}), as Connector/J writes it. */
    private static void appendDouble(StringBuilder out, double d) throws SQLException {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            // Connector/J's setDouble refuses these too (allowNanAndInf is off): MySQL has no such DOUBLE.
            throw new SQLException("'" + d + "' is not a valid numeric or approximate numeric value", "S1009");
        }
        String s = Double.toString(d);
        int e = s.indexOf('E');
        if (e >= 0 && s.charAt(e + 1) != '-') {
            out.append(s, 0, e + 1).append('+').append(s, e + 1, s.length());
        } else {
            out.append(s);
        }
    }

    /**
     * {@code 'text'}: with backslash escapes on, NUL, newline, carriage return, backslash, quote and
     * Ctrl-Z are escaped as Connector/J (and mysql_real_escape_string) do; with NO_BACKSLASH_ESCAPES a
     * quote is doubled and everything else stands for itself.
     */
    private static void appendString(StringBuilder out, String s, boolean noBackslashEscapes) {
        out.append('\'');
        // Runs without a character to escape (most strings are one run) are copied whole.
        int run = 0;
        for (int i = 0; i < s.length(); i++) {
            String escaped = escape(s.charAt(i), noBackslashEscapes);
            if (escaped != null) {
                out.append(s, run, i).append(escaped);
                run = i + 1;
            }
        }
        (run == 0 ? out.append(s) : out.append(s, run, s.length())).append('\'');
    }

    /** What {@code c} is written as inside a quoted literal, or null if it stands for itself. */
    private static String escape(char c, boolean noBackslashEscapes) {
        if (noBackslashEscapes) {
            return c == '\'' ? "''" : null;
        }
        return switch (c) {
            case 0 -> "\\0";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\\' -> "\\\\";
            case '\'' -> "\\'";
            case '\032' -> "\\Z";
            default -> null;
        };
    }
}
