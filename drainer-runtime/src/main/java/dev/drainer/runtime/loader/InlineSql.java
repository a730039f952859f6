package dev.drainer.runtime.loader;

import java.math.BigInteger;
import java.sql.SQLException;

/**
 * Writes a statement's text with its values as MySQL literals, as Connector/J's client-side prepared
 * statements send them ({@code useServerPrepStmts=false}), straight into the UTF-8 bytes the server gets
 * ({@link SqlText}): the loader then sends one text instead of having the driver parse a long multi-row
 * text for its {@code ?}s and keep a bind object per value. The connection's character set is UTF-8
 * ({@code MysqlEndpoint}), so no multi-byte escaping rules apply.
 */
final class InlineSql implements SqlSink<SQLException> {
    private final SqlText out;
    private final boolean noBackslashEscapes;

    /**
     * @param noBackslashEscapes the session's sql_mode has NO_BACKSLASH_ESCAPES: a backslash in a string
     *                           literal is itself, and only a quote needs escaping (doubled)
     */
    InlineSql(SqlText out, boolean noBackslashEscapes) {
        this.out = out;
        this.noBackslashEscapes = noBackslashEscapes;
    }

    @Override
    public InlineSql sql(String text) {
        out.append(text);
        return this;
    }

    @Override
    public InlineSql sql(char c) {
        out.append(c);
        return this;
    }

    @Override
    public InlineSql value(Object v) throws SQLException {
        appendLiteral(out, v, noBackslashEscapes);
        return this;
    }

    /**
     * The text's bytes after its first word {@code verb} and the space that follows it (the loader sends the word
     * apart, {@link Loader#execute}).
     */
    byte[] bytesAfter(String verb) {
        int n = verb.length();
        boolean starts = out.length() > n && out.byteAt(n) == ' ';
        for (int i = 0; starts && i < n; i++) {
            starts = out.byteAt(i) == verb.charAt(i);
        }
        if (!starts) {
            String text = out.toString();
            throw new IllegalArgumentException("statement does not start with " + verb + " and a space: "
                    + (text.length() <= 80 ? text : text.substring(0, 80) + "…"));
        }
        return out.toByteArray(n + 1);
    }

    /** The text written so far (tests, messages). */
    @Override
    public String toString() {
        return out.toString();
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
