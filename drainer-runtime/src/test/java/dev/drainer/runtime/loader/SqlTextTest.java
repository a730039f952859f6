package dev.drainer.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SqlTextTest {
    /** ASCII, Latin-1, BMP (CJK, euro), surrogate pairs, and lone surrogates of both kinds. */
    private static final String ALPHABET = "az09 '\"\\\0\n\r\032\u00e9\u00ff\u0100\u07ff\u0800\u4e2d\u20ac\uffff"
            + "\uD83D\uDE00\uD834\uDD1E\uD800\uDFFF";

    @Test
    void textIsTheUtf8OfStringGetBytesGrowingAsNeeded() {
        Random rnd = new Random(7);
        SqlText text = new SqlText(0);
        for (int round = 0; round < 500; round++) {
            String s = random(rnd, rnd.nextInt(round < 400 ? 40 : 5000));
            int from = s.isEmpty() ? 0 : rnd.nextInt(s.length());
            text.clear().append("x").append(s.substring(from));
            assertArrayEquals(("x" + s.substring(from)).getBytes(StandardCharsets.UTF_8), text.toByteArray(0), s);
            assertArrayEquals(s.substring(from).getBytes(StandardCharsets.UTF_8), text.toByteArray(1), s);
        }
    }

    @Test
    void quotedStringsAreTheirUtf8WithTheModesEscapes() {
        Random rnd = new Random(11);
        for (int round = 0; round < 500; round++) {
            String s = random(rnd, rnd.nextInt(60));
            String backslash = "'" + s.replace("\\", "\\\\").replace("\0", "\\0").replace("\n", "\\n")
                    .replace("\r", "\\r").replace("'", "\\'").replace("\032", "\\Z") + "'";
            assertArrayEquals(backslash.getBytes(StandardCharsets.UTF_8), new SqlText(0).quoted(s, false).toByteArray(0), s);
            String doubled = "'" + s.replace("'", "''") + "'";
            assertArrayEquals(doubled.getBytes(StandardCharsets.UTF_8), new SqlText(0).quoted(s, true).toByteArray(0), s);
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(backslash.getBytes(StandardCharsets.UTF_8), new SqlText(0).quoted(utf8, false).toByteArray(0), s);
            assertArrayEquals(doubled.getBytes(StandardCharsets.UTF_8), new SqlText(0).quoted(utf8, true).toByteArray(0), s);
        }
    }

    @Test
    void textBytesThatAreNotUtf8GoAsTheyAreAndOnlyAsciiIsEscaped() {
        byte[] raw = {(byte) 0xff, '\'', (byte) 0x80, 0, (byte) 0xc3};
        assertArrayEquals(new byte[] {'\'', (byte) 0xff, '\\', '\'', (byte) 0x80, '\\', '0', (byte) 0xc3, '\''},
                new SqlText(0).quoted(raw, false).toByteArray(0));
        assertArrayEquals(new byte[] {'\'', (byte) 0xff, '\'', '\'', (byte) 0x80, 0, (byte) 0xc3, '\''},
                new SqlText(0).quoted(raw, true).toByteArray(0));
    }

    @Test
    void numbersAreTheirDecimalDigits() {
        Random rnd = new Random(3);
        long[] edges = {0, 1, -1, 9, 10, -10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1,
                999_999_999_999_999_999L, 1_000_000_000_000_000_000L};
        SqlText text = new SqlText(0);
        for (long v : edges) {
            assertEquals(Long.toString(v), text.clear().append(v).toString());
        }
        for (int i = 0; i < 10_000; i++) {
            long v = rnd.nextLong() >> rnd.nextInt(64);
            assertEquals(Long.toString(v), text.clear().append(v).toString());
        }
    }

    @Test
    void aHugeStatementsBufferIsLetGoOnClear() {
        SqlText text = new SqlText(16);
        text.append("y".repeat(3 << 20));
        assertEquals(3 << 20, text.toByteArray(0).length);
        text.clear().append("short");
        assertEquals("short", text.toString());
        assertEquals(16, text.capacity());
        assertEquals("_binary X'00FF'", text.clear().hexBinary(new byte[] {0, -1}).toString());
    }

    private static String random(Random rnd, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHABET.charAt(rnd.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
