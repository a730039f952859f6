package dev.drainer.runtime.loader;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A statement's text as the UTF-8 bytes the server gets, written in place and reused from one statement
 * to the next by one worker. Strings go from their characters to UTF-8 in one pass, with their escapes:
 * the workload's text is mostly outside Latin-1, and a Java String built from it would be two bytes a
 * character and then be encoded again by the driver (docs/benchmark.md, "Results on this machine").
 */
final class SqlText {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    /** For each ASCII character, the letter after the backslash that escapes it, or 0 for none. */
    private static final byte[] BACKSLASH_ESCAPE = new byte[128];

    static {
        BACKSLASH_ESCAPE[0] = '0';
        BACKSLASH_ESCAPE['\n'] = 'n';
        BACKSLASH_ESCAPE['\r'] = 'r';
        BACKSLASH_ESCAPE['\\'] = '\\';
        BACKSLASH_ESCAPE['\''] = '\'';
        BACKSLASH_ESCAPE['\032'] = 'Z';
    }

    /** Buffers above this are let go on {@link #clear}: one rare huge statement should not pin memory per worker. */
    private static final int KEPT_BYTES = 1 << 20;

    private final int capacity;
    private byte[] bytes;
    private int length;
    private char[] chars = new char[256];

    SqlText(int capacity) {
        this.capacity = Math.max(capacity, 16);
        bytes = new byte[this.capacity];
    }

    /** Empties the text for the next statement. */
    SqlText clear() {
        length = 0;
        if (bytes.length > KEPT_BYTES) {
            bytes = new byte[capacity];
        }
        if (chars.length > KEPT_BYTES) {
            chars = new char[256];
        }
        return this;
    }

    /** The bytes the buffer holds before it must grow (tests). */
    int capacity() {
        return bytes.length;
    }

    /** A copy of the text's bytes from byte {@code from} on. */
    byte[] toByteArray(int from) {
        return Arrays.copyOfRange(bytes, from, length);
    }

    /** The text decoded (tests, messages). */
    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** {@code s} as UTF-8, nothing escaped (statement text around literals). */
    SqlText append(String s) {
        int n = s.length();
        ensure(3L * n);
        char[] cs = chars(n);
        s.getChars(0, n, cs, 0);
        for (int i = 0; i < n; i++) {
            char c = cs[i];
            if (c < 0x80) {
                bytes[length++] = (byte) c;
            } else {
                i = encode(cs, i, n);
            }
        }
        return this;
    }

    /** One ASCII character of statement text. */
    SqlText append(char c) {
        ensure(1);
        bytes[length++] = (byte) c;
        return this;
    }

    /** The byte at {@code i}. */
    byte byteAt(int i) {
        return bytes[i];
    }

    /** The bytes written so far. */
    int length() {
        return length;
    }

    /** The decimal digits of {@code v}, as {@code Long.toString} writes them. */
    SqlText append(long v) {
        if (v == Long.MIN_VALUE) {
            return append("-9223372036854775808");
        }
        ensure(20);
        if (v < 0) {
            bytes[length++] = '-';
            v = -v;
        }
        int digits = 1;
        // Compare with powers of ten rather than divide: most values are short, and a division costs more.
        for (long p = 10; digits < 19 && v >= p; p *= 10) {
            digits++;
        }
        int i = length + digits;
        // Two digits per division, as Long.toString does.
        while (v >= 100) {
            long q = v / 100;
            int r = (int) (v - q * 100);
            bytes[--i] = (byte) ('0' + r % 10);
            bytes[--i] = (byte) ('0' + r / 10);
            v = q;
        }
        if (v >= 10) {
            bytes[--i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        bytes[--i] = (byte) ('0' + v);
        length += digits;
        return this;
    }

    /**
     * {@code 'text'}: with backslash escapes on, NUL, newline, carriage return, backslash, quote and Ctrl-Z are
     * escaped as Connector/J (and mysql_real_escape_string) do; with NO_BACKSLASH_ESCAPES a quote is doubled
     * and everything else stands for itself. A lone surrogate becomes {@code ?}, as String.getBytes writes it.
     */
    SqlText quoted(String s, boolean noBackslashEscapes) {
        int n = s.length();
        // A character takes at most three bytes; an escaped one (ASCII) two; a surrogate pair four for two.
        ensure(3L * n + 2);
        char[] cs = chars(n);
        s.getChars(0, n, cs, 0);
        bytes[length++] = '\'';
        for (int i = 0; i < n; i++) {
            char c = cs[i];
            if (c >= 0x80) {
                i = encode(cs, i, n);
            } else {
                ascii(c, noBackslashEscapes);
            }
        }
        bytes[length++] = '\'';
        return this;
    }

    /**
     * {@code 'text'} of text already in UTF-8, escaped as {@link #quoted(String, boolean)} escapes: the bytes of a
     * multi-byte character are all above 0x7F, so only single bytes can need an escape, and bytes go as they are.
     */
    SqlText quoted(byte[] utf8, boolean noBackslashEscapes) {
        int n = utf8.length;
        ensure(2L * n + 2);
        bytes[length++] = '\'';
        for (byte b : utf8) {
            if (b < 0) {
                bytes[length++] = b;
            } else {
                ascii(b, noBackslashEscapes);
            }
        }
        bytes[length++] = '\'';
        return this;
    }

    /** One ASCII character inside a quoted literal, escaped for the sql_mode ({@link #quoted(String, boolean)}). */
    private void ascii(int c, boolean noBackslashEscapes) {
        if (noBackslashEscapes) {
            if (c == '\'') {
                bytes[length++] = '\'';
            }
        } else if (BACKSLASH_ESCAPE[c] != 0) {
            bytes[length++] = '\\';
            bytes[length++] = BACKSLASH_ESCAPE[c];
            return;
        }
        bytes[length++] = (byte) c;
    }

    /** {@code _binary X'…'}: a binary string in hex, which no character set or sql_mode reinterprets. */
    SqlText hexBinary(byte[] b) {
        ensure(2L * b.length + 11);
        append("_binary X'");
        for (byte x : b) {
            bytes[length++] = HEX[(x >> 4) & 0xf];
            bytes[length++] = HEX[x & 0xf];
        }
        bytes[length++] = '\'';
        return this;
    }

    /** Writes the non-ASCII character at {@code i} (and its low surrogate); returns the index of the last one used. */
    private int encode(char[] cs, int i, int n) {
        char c = cs[i];
        if (c < 0x800) {
            bytes[length++] = (byte) (0xc0 | (c >> 6));
            bytes[length++] = (byte) (0x80 | (c & 0x3f));
        } else if (!Character.isSurrogate(c)) {
            bytes[length++] = (byte) (0xe0 | (c >> 12));
            bytes[length++] = (byte) (0x80 | ((c >> 6) & 0x3f));
            bytes[length++] = (byte) (0x80 | (c & 0x3f));
        } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(cs[i + 1])) {
            int cp = Character.toCodePoint(c, cs[i + 1]);
            bytes[length++] = (byte) (0xf0 | (cp >> 18));
            bytes[length++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
            bytes[length++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
            bytes[length++] = (byte) (0x80 | (cp & 0x3f));
            return i + 1;
        } else {
            bytes[length++] = '?';
        }
        return i;
    }

    private char[] chars(int n) {
        if (chars.length < n) {
            chars = new char[Math.max(n, 2 * chars.length)];
        }
        return chars;
    }

    private void ensure(long more) {
        long need = length + more;
        if (need > bytes.length) {
            if (need > Integer.MAX_VALUE - 16) {
                throw new IllegalArgumentException("statement text of " + need + " bytes is too large");
            }
            bytes = Arrays.copyOf(bytes, (int) Math.max(need, Math.min(2L * bytes.length, Integer.MAX_VALUE - 16)));
        }
    }
}
