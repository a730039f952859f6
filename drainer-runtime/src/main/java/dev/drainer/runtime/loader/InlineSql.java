package dev.drainer.runtime.loader;

import java.math.BigInteger;
import java.sql.SQLException;
import java.util.List;

/**
 * A statement's text with its values written in as MySQL literals, as Connector/J's client-side prepared
 * statements send them ({@code useServerPrepStmts=false}), straight into the UTF-8 bytes the server gets
 * ({@link SqlText}): the loader then sends one text instead of having the driver parse a long multi-row
 * text for its {@code ?}s and keep a bind object per value. The connection's character set is UTF-8
 * ({@code MysqlEndpoint}), so no multi-byte escaping rules apply.
 */
final class InlineSql {
    private InlineSql() {
    }

    /**
     * Writes {@code st} to {@code out} with every {@code ?} outside a backquoted identifier replaced by its argument.
     *
     * @param noBackslashEscapes the session's sql_mode has NO_BACKSLASH_ESCAPES: a backslash in a string
     *                           literal is itself, and only a quote needs escaping (doubled)
     */
    static SqlText render(Statement st, boolean noBackslashEscapes, SqlText out) throws SQLException {
        String sql = st.sql();
        List<Object> args = st.args();
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
        return out.append(sql, copied, sql.length());
    }

    /**
     * One value as a literal: NULL; a Long, a BigInteger (unsigned BIGINT above 2^63-1) or a Double as the
     * numeral Connector/J's setLong, setBigDecimal and setDouble write; a String or {@link Utf8Text} quoted and escaped; a
     * {@code byte[]} as a binary string in hex ({@code _binary X'…'}), which a String could not carry raw.
     */
    static void appendLiteral(SqlText out, Object v, boolean noBackslashEscapes) throws SQLException {
        if (v == null) {
            out.append("NULL");
        } else if (v instanceof Long l) {
            out.append(l.longValue());
        } else if (v instanceof Utf8Text t) {
            out.quoted(t.bytes(), noBackslashEscapes);
        } else if (v instanceof String s) {
            out.quoted(s, noBackslashEscapes);
        } else if (v instanceof BigInteger b) {
            out.append(b.toString());
        } else if (v instanceof Double d) {
            out.append(doubleLiteral(d));
        } else if (v instanceof byte[] b) {
            out.hexBinary(b);
        } else {
            throw new IllegalArgumentException("unsupported value type " + v.getClass().getName());
        }
    }

    /** {@code Double.toString} with an explicit exponent sign ({@code 1.0E+20}), as Connector/J writes it. */
    private static String doubleLiteral(double d) throws SQLException {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            // Connector/J's setDouble refuses these too (allowNanAndInf is off): MySQL has no such DOUBLE.
            throw new SQLException("'" + d + "' is not a valid numeric or approximate numeric value", "S1009");
        }
        String s = Double.toString(d);
        int e = s.indexOf('E');
        return e >= 0 && s.charAt(e + 1) != '-' ? s.substring(0, e + 1) + '+' + s.substring(e + 1) : s;
    }
}
