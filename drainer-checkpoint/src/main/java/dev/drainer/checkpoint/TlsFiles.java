package dev.drainer.checkpoint;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The PEM files of a TLS client, as in a {@code [security]} section: {@code ca} ({@code ssl-ca}) signs the
 * server's certificate; {@code cert} and {@code key} ({@code ssl-cert}, {@code ssl-key}) are the client's
 * certificate and private key, both null for server authentication only.
 */
public record TlsFiles(Path ca, Path cert, Path key) {
    public TlsFiles {
        Objects.requireNonNull(ca, "ca");
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("ssl-cert and ssl-key go together (a client certificate needs its"
                    + " key), found ssl-cert=" + (cert == null ? "<unset>" : cert) + " ssl-key="
                    + (key == null ? "<unset>" : key));
        }
    }

    /**
     * From configuration strings, where an empty string means unset: no TLS without a CA, as the Go drainer;
     * a cert without a key (or the reverse) is rejected.
     */
    public static Optional<TlsFiles> fromConfig(String ca, String cert, String key) {
        if (ca.isEmpty()) {
            if (!cert.isEmpty() || !key.isEmpty()) {
                throw new IllegalArgumentException("ssl-cert and ssl-key need ssl-ca (TLS is only enabled when"
                        + " ssl-ca is set)");
            }
            return Optional.empty();
        }
        return Optional.of(new TlsFiles(Path.of(ca), cert.isEmpty() ? null : Path.of(cert),
                key.isEmpty() ? null : Path.of(key)));
    }

    /** True if the client presents a certificate (mutual TLS). */
    public boolean hasClientCertificate() {
        return cert != null;
    }
}
