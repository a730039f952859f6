package dev.drainer.pd;

import io.grpc.ChannelCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Objects;
import java.util.function.Predicate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;

/**
 * Client TLS for the drainer's gRPC connections (PD, PD's etcd, TiKV stores, pumps), built from the trust and
 * key material of a {@code [security]} section, as the Go drainer uses one TLS config for all of them. The
 * server's host name is verified against its certificate. {@code source} names the files in messages.
 */
public final class GrpcTls {
    private final ChannelCredentials credentials;
    private final String source;

    private GrpcTls(ChannelCredentials credentials, String source) {
        this.credentials = credentials;
        this.source = source;
    }

    /**
     * Trusts what {@code trust} trusts and presents the client certificate of {@code keys} (none when empty).
     *
     * @param source the files, as {@code ssl-ca /path[, ssl-cert /path]}, for messages
     */
    public static GrpcTls of(TrustManager[] trust, KeyManager[] keys, String source) {
        TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder().trustManager(trust);
        if (keys.length > 0) {
            b.keyManager(keys);
        }
        return new GrpcTls(b.build(), Objects.requireNonNull(source, "source"));
    }

    /** The channel credentials for {@code io.grpc.Grpc.newChannelBuilder}. */
    public ChannelCredentials credentials() {
        return credentials;
    }

    /** The files this was built from. */
    public String source() {
        return source;
    }

    /**
     * {@code CODE: description: cause}, or when the TLS handshake failed, what most likely has to change:
     * gRPC reports it as a bare UNAVAILABLE whose description is Netty's pipeline and, for a plaintext
     * server, a hex dump of its answer.
     */
    public String describe(StatusRuntimeException e) {
        Throwable t = e.getStatus().getCause();
        String code = e.getStatus().getCode().name();
        if (find(t, c -> c instanceof CertPathValidatorException || c instanceof CertPathBuilderException) != null) {
            return code + ": TLS: the server certificate is not signed by a CA in " + source;
        }
        if (find(t, c -> c.getClass().getSimpleName().equals("NotSslRecordException")) != null) {
            return code + ": TLS: the server answered in plaintext; it does not serve TLS on this port (" + source + ")";
        }
        Throwable ssl = last(t, c -> c instanceof SSLException || c instanceof CertificateException);
        if (ssl != null) {
            return code + ": TLS handshake failed: " + shorten(ssl.getMessage()) + " (" + source
                    + "; does the server accept this client certificate, or ask for one?)";
        }
        return describePlain(e);
    }

    /** {@code CODE: description: cause}, the parts gRPC gives. */
    static String describePlain(StatusRuntimeException e) {
        Status s = e.getStatus();
        StringBuilder sb = new StringBuilder(s.getCode().name());
        if (s.getDescription() != null) {
            sb.append(": ").append(s.getDescription());
        }
        if (s.getCause() != null && s.getCause().getMessage() != null) {
            sb.append(": ").append(s.getCause().getMessage());
        }
        return sb.toString();
    }

    /** The innermost cause matching {@code p}: the one whose message says most. */
    private static Throwable last(Throwable t, Predicate<Throwable> p) {
        Throwable found = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (p.test(c)) {
                found = c;
            }
        }
        return found;
    }

    private static String shorten(String message) {
        String m = message == null ? "no detail" : message.replaceAll("\\s+", " ");
        return m.length() > 200 ? m.substring(0, 200) + "…" : m;
    }

    private static Throwable find(Throwable t, Predicate<Throwable> p) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (p.test(c)) {
                return c;
            }
        }
        return null;
    }

    /** The files, as {@link #source}. */
    @Override
    public String toString() {
        return "GrpcTls[" + source + "]";
    }
}
