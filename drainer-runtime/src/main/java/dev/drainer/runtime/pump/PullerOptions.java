package dev.drainer.runtime.pump;

import dev.drainer.pd.GrpcTls;
import java.time.Duration;
import java.util.Optional;

/**
 * How pullers talk to pumps.
 *
 * @param gzip          compress with gzip ({@code [syncer] compressor = "gzip"}); pumps answer in kind
 * @param retryPause    pause before re-dialling after any stream error (the Go drainer: 1 s)
 * @param maxInboundMessageBytes largest message accepted (the Go drainer: MaxInt32 - 4 MiB; a single binlog can be hundreds of MiB)
 * @param tls           the {@code [security]} TLS towards pumps; plaintext when empty
 */
public record PullerOptions(boolean gzip, Duration retryPause, int maxInboundMessageBytes, Optional<GrpcTls> tls) {
    /** The Go drainer's values, without compression, in plaintext. */
    public static PullerOptions defaults() {
        return new PullerOptions(false, Duration.ofSeconds(1), Integer.MAX_VALUE - 4 * 1024 * 1024, Optional.empty());
    }

    public PullerOptions withGzip(boolean g) {
        return new PullerOptions(g, retryPause, maxInboundMessageBytes, tls);
    }

    public PullerOptions withRetryPause(Duration p) {
        return new PullerOptions(gzip, p, maxInboundMessageBytes, tls);
    }

    public PullerOptions withTls(Optional<GrpcTls> t) {
        return new PullerOptions(gzip, retryPause, maxInboundMessageBytes, t);
    }
}
