package dev.drainer.runtime.codec;

import java.math.BigDecimal;

/**
 * One decoded TiDB datum, before it is interpreted with a column's type ("unflatten").
 *
 * @param kind  what the flag byte said
 * @param value null for NULL; Long for INT, UINT (raw 64 bits) and DURATION (nanoseconds); Double for
 *              FLOAT; byte[] for BYTES; BigDecimal for DECIMAL (scale = the datum's frac); byte[]
 *              (type code then value) for JSON
 */
public record Datum(Kind kind, Object value) {
    /** The value families of the datum flags (spec §2.4). */
    public enum Kind { NULL, INT, UINT, FLOAT, BYTES, DECIMAL, DURATION, JSON }

    /** The NULL datum. */
    public static final Datum NULL = new Datum(Kind.NULL, null);

    public boolean isNull() {
        return kind == Kind.NULL;
    }

    /** The 64 bits of an INT, UINT or DURATION datum. */
    public long longValue() {
        if (kind != Kind.INT && kind != Kind.UINT && kind != Kind.DURATION) {
            throw new IllegalStateException("datum of kind " + kind + " has no integer value");
        }
        return (Long) value;
    }

    public BigDecimal decimal() {
        return (BigDecimal) value;
    }

    public byte[] bytes() {
        return (byte[]) value;
    }
}
