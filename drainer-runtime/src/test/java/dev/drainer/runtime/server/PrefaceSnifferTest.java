package dev.drainer.runtime.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PrefaceSnifferTest {
    /** Hands out one byte per read, as a slow network may. */
    private static InputStream trickle(byte[] b) {
        return new ByteArrayInputStream(b) {
            @Override
            public synchronized int read(byte[] buf, int off, int len) {
                return super.read(buf, off, Math.min(len, 1));
            }
        };
    }

    @Test
    void theFullPrefaceIsHttp2AndNothingBeyondItIsRead() throws Exception {
        byte[] wire = (new String(PrefaceSniffer.PREFACE, StandardCharsets.US_ASCII) + "FRAMES").getBytes(StandardCharsets.US_ASCII);
        ByteArrayInputStream in = new ByteArrayInputStream(wire);
        PrefaceSniffer.Verdict v = PrefaceSniffer.sniff(in).orElseThrow();
        assertTrue(v.http2());
        assertArrayEquals(PrefaceSniffer.PREFACE, v.consumed());
        assertArrayEquals("FRAMES".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
    }

    @Test
    void http11DecidesAtTheFirstDifferingByte() throws Exception {
        PrefaceSniffer.Verdict put = PrefaceSniffer.sniff(trickle("PUT /state/x/pause HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII))).orElseThrow();
        assertFalse(put.http2());
        assertArrayEquals("PU".getBytes(StandardCharsets.US_ASCII), put.consumed());
        PrefaceSniffer.Verdict get = PrefaceSniffer.sniff(trickle("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII))).orElseThrow();
        assertArrayEquals("G".getBytes(StandardCharsets.US_ASCII), get.consumed());
    }

    @Test
    void aConnectionClosedMidPrefaceDecidesNothing() throws Exception {
        assertTrue(PrefaceSniffer.sniff(new ByteArrayInputStream(Arrays.copyOf(PrefaceSniffer.PREFACE, 10))).isEmpty());
        assertTrue(PrefaceSniffer.sniff(new ByteArrayInputStream(new byte[0])).isEmpty());
    }
}
