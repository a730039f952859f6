package dev.drainer.config;

import java.util.List;
import java.util.Objects;

/** A {@code [security]} section. TLS is on only when {@code sslCa} is set, as upstream. */
public record TlsConfig(String sslCa, String sslCert, String sslKey, List<String> certAllowedCn) {
    /** No TLS. */
    public static final TlsConfig NONE = new TlsConfig("", "", "", List.of());

    public TlsConfig {
        Objects.requireNonNull(sslCa, "sslCa");
        Objects.requireNonNull(sslCert, "sslCert");
        Objects.requireNonNull(sslKey, "sslKey");
        certAllowedCn = List.copyOf(certAllowedCn);
    }

    /** True if TLS is to be used. */
    public boolean enabled() {
        return !sslCa.isEmpty();
    }

    /** True if a client certificate is configured. */
    public boolean hasCertificate() {
        return !sslCert.isEmpty();
    }
}
