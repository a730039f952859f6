package dev.drainer.runtime.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Tells from a connection's first bytes whether it opens with the HTTP/2 client preface (gRPC
 * clients speak HTTP/2 with prior knowledge) or is anything else (HTTP/1.x). Reads no byte past the
 * point of decision; every request line of HTTP/1.x differs from the preface within its first bytes.
 */
final class PrefaceSniffer {
    /** RFC 9113 section 3.4. */
    static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** What the connection speaks, and the bytes read to tell, which the chosen backend must get first. */
    record Verdict(boolean http2, byte[] consumed) {
    }

    private PrefaceSniffer() {
    }

    /** Empty when the peer closed before the bytes decided anything. */
    static Optional<Verdict> sniff(InputStream in) throws IOException {
        byte[] got = new byte[PREFACE.length];
        int n = 0;
        while (n < PREFACE.length) {
            int r = in.read(got, n, PREFACE.length - n);
            if (r < 0) {
                return Optional.empty();
            }
            for (int i = n; i < n + r; i++) {
                if (got[i] != PREFACE[i]) {
                    return Optional.of(new Verdict(false, Arrays.copyOf(got, n + r)));
                }
            }
            n += r;
        }
        return Optional.of(new Verdict(true, got));
    }
}
