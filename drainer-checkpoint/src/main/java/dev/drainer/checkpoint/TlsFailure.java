package dev.drainer.checkpoint;

import java.net.SocketException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;

/**
 * Turns Connector/J's "Communications link failure" around a failed TLS handshake (or its note that the
 * server has no TLS) into a message that says what to fix: the server, the file, and the cause. Connector/J's
 * own text names neither the server nor the CA file, and its reason only deep in the cause chain.
 */
final class TlsFailure {
    private static final List<String> CLIENT_CERT_ALERTS = List.of("unknown_ca", "bad_certificate",
            "certificate_unknown", "unsupported_certificate", "certificate_expired", "certificate_revoked");

    private TlsFailure() {
    }

    /** {@code e} itself unless a TLS handshake failed, else an exception that explains it (cause {@code e}). */
    static SQLException explain(SQLException e, String host, int port, TlsFiles files) {
        String where = "TLS connection to " + host + ":" + port + " failed: ";
        String root = message(root(e));
        if (find(e, t -> message(t).contains("SSL Connection required, but not provided by server")) != null) {
            return definite(e, where + "the server does not offer TLS, and with ssl-ca set the connection is never"
                    + " made in plaintext (ssl-ca " + files.ca() + ")");
        }
        String clientCert = files.hasClientCertificate() ? "client certificate (ssl-cert " + files.cert()
                + "; is it signed by a CA the server trusts?)" : null;
        if (clientCert != null && root(e) instanceof SocketException
                && (root.contains("Broken pipe") || root.contains("Connection reset"))) {
            // Under TLS 1.3 the client's handshake ends before the server checks the client certificate, so a
            // refusal often reaches the client only as a closed socket. Another cause is possible: no definite
            // exception type.
            return new SQLException(where + "the server closed the connection during the TLS handshake, most"
                    + " likely refusing the " + clientCert + ": " + root, e.getSQLState(), e.getErrorCode(), e);
        }
        if (find(e, t -> t instanceof SSLException || t instanceof CertificateException) == null) {
            return e;
        }
        Throwable identity = find(e, t -> message(t).contains("identity verification failed"));
        if (find(e, t -> t instanceof CertPathValidatorException || t instanceof CertPathBuilderException) != null) {
            return definite(e, where + "server certificate not signed by this CA (ssl-ca " + files.ca() + ")");
        }
        if (identity != null) {
            return definite(e, where + "server certificate does not name host " + host + " (the host name is"
                    + " verified, as the Go drainer does; connect with a name or IP address the certificate lists): "
                    + message(identity));
        }
        if (clientCert != null && root.startsWith("Received fatal alert: ")
                && CLIENT_CERT_ALERTS.stream().anyMatch(root::endsWith)) {
            // "Received": the server sent the alert, so it refused what only the client sends, its certificate.
            return definite(e, where + "the server rejected the " + clientCert + ": " + root);
        }
        return definite(e, where + "TLS handshake failed: " + root + " (ssl-ca " + files.ca()
                + (files.hasClientCertificate() ? ", ssl-cert " + files.cert() : "") + ")");
    }

    /** A failure that another attempt with the same files cannot fix. */
    private static SQLException definite(SQLException e, String message) {
        return new TlsHandshakeException(message, e);
    }

    private static Throwable find(Throwable t, Predicate<Throwable> p) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (p.test(c)) {
                return c;
            }
        }
        return null;
    }

    private static Throwable root(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r;
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
