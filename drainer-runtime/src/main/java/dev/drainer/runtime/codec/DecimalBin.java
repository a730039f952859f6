package dev.drainer.runtime.codec;

import java.math.BigDecimal;

/**
 * MySQL's {@code bin2decimal} (TiDB {@code MyDecimal.FromBin}): groups of 9 digits in 4 big-endian
 * bytes, a partial group of k digits in {@link #DIG2BYTES}[k] bytes, every byte inverted for negative
 * numbers and the top bit of the first byte flipped.
 */
public final class DecimalBin {
    private static final int[] DIG2BYTES = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
    private static final int DIGITS_PER_WORD = 9;
    private static final int MAX_PRECISION = 65;

    private DecimalBin() {
    }

    /** Bytes taken by a DECIMAL(precision, frac). */
    public static int binSize(int precision, int frac) {
        if (precision < 1 || precision > MAX_PRECISION || frac < 0 || frac > precision) {
            throw new CodecException("decimal precision " + precision + " and frac " + frac
                    + " are out of range (1 <= precision <= 65, 0 <= frac <= precision)");
        }
        int intg = precision - frac;
        return intg / DIGITS_PER_WORD * 4 + DIG2BYTES[intg % DIGITS_PER_WORD]
                + frac / DIGITS_PER_WORD * 4 + DIG2BYTES[frac % DIGITS_PER_WORD];
    }

    /** The value at {@code buf[off..]} with scale {@code frac}. */
    public static BigDecimal decode(byte[] buf, int off, int precision, int frac) {
        int size = binSize(precision, frac);
        if (off + size > buf.length) {
            throw new CodecException("DECIMAL(" + precision + "," + frac + ") needs " + size + " bytes at offset "
                    + off + ", the buffer has " + (buf.length - off));
        }
        byte[] b = java.util.Arrays.copyOfRange(buf, off, off + size);
        boolean negative = (b[0] & 0x80) == 0;
        b[0] ^= (byte) 0x80;
        if (negative) {
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) ~b[i];
            }
        }
        int intg = precision - frac;
        int p = 0;
        StringBuilder digits = new StringBuilder(negative ? "-" : "");
        int lead = intg % DIGITS_PER_WORD;
        StringBuilder intPart = new StringBuilder();
        if (lead > 0) {
            intPart.append(word(b, p, DIG2BYTES[lead], lead, false));
            p += DIG2BYTES[lead];
        }
        for (int i = 0; i < intg / DIGITS_PER_WORD; i++, p += 4) {
            intPart.append(word(b, p, 4, DIGITS_PER_WORD, true));
        }
        digits.append(intPart.length() == 0 ? "0" : intPart);
        if (frac > 0) {
            digits.append('.');
            for (int i = 0; i < frac / DIGITS_PER_WORD; i++, p += 4) {
                digits.append(word(b, p, 4, DIGITS_PER_WORD, true));
            }
            int trail = frac % DIGITS_PER_WORD;
            if (trail > 0) {
                digits.append(word(b, p, DIG2BYTES[trail], trail, true));
            }
        }
        return new BigDecimal(digits.toString());
    }

    /** A group as decimal digits; zero-padded to {@code width} when {@code pad}. */
    private static String word(byte[] b, int p, int n, int width, boolean pad) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (b[p + i] & 0xFF);
        }
        if (v >= pow10(width)) {
            throw new CodecException("decimal group " + v + " has more than " + width + " digits");
        }
        String s = Long.toString(v);
        return pad ? "0".repeat(width - s.length()) + s : s;
    }

    private static long pow10(int n) {
        long p = 1;
        for (int i = 0; i < n; i++) {
            p *= 10;
        }
        return p;
    }
}
