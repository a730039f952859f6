package dev.drainer.sim;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS for a simulated server: its certificate and key (PEM, PKCS#8 as testkit's {@code TestPki} writes them)
 * and, for mutual TLS, the CA its clients' certificates must be signed by (null: no client certificate asked).
 * A pump also calls drainers with these files, as a Go pump uses its one {@code [security]} both ways: it
 * presents the certificate (so it must allow client authentication, as {@code TestPki.issuePeer}'s do) and
 * trusts {@code clientCa}.
 */
public record ServerTls(Path cert, Path key, Path clientCa) {
    public ServerTls {
        Objects.requireNonNull(cert, "cert");
        Objects.requireNonNull(key, "key");
    }

    /** The credentials of a pump's calls to drainers; without {@code clientCa} the JDK's default CAs are trusted. */
    ChannelCredentials channelCredentials() {
        try {
            TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder().keyManager(cert.toFile(), key.toFile());
            if (clientCa != null) {
                b.trustManager(clientCa.toFile());
            }
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the simulator's TLS files " + this, e);
        }
    }

    /** The gRPC server credentials; a client without a certificate signed by {@code clientCa} is refused. */
    ServerCredentials credentials() {
        try {
            TlsServerCredentials.Builder b = TlsServerCredentials.newBuilder().keyManager(cert.toFile(), key.toFile());
            if (clientCa != null) {
                b.trustManager(clientCa.toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
            }
            return b.build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the simulator's TLS files " + this, e);
        }
    }
}
