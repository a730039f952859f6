package dev.drainer.checkpoint;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.function.Predicate;
import javax.net.ssl.SSLException;

/**
 * Turns Connector/J's "Communications link failure" around a failed TLS handshake into a message that says
 * what to fix: the server, the file, and the cause. Connector/J's own text names neither the CA file nor the
 * reason without a reading of its cause chain.
 */
final class TlsFailure {
    private TlsFailure() {
    }

    /** {@code e} itself unless a TLS handshake failed, else an exception that explains it (cause {@code e}). */
    static SQLException explain(SQLException e, String host, int port, TlsFiles files) {
        Throwable tls = find(e, t -> t instanceof SSLException || t instanceof CertificateException);
        if (tls == null) {
            return e;
        }
        Throwable identity = find(e, t -> message(t).contains("identity verification failed"));
        String why;
        if (find(e, t -> t instanceof CertPathValidatorException || t instanceof CertPathBuilderException) != null) {
            why = "server certificate not signed by this CA (ssl-ca " + files.ca() + ")";
        } else if (identity != null) {
            why = "server certificate does not name host " + host + " (the host name is verified, as the Go"
                    + " drainer does; connect with a name or IP address the certificate lists): " + message(identity);
        } else {
            why = "TLS handshake failed: " + message(root(e)) + " (ssl-ca " + files.ca()
                    + (files.hasClientCertificate() ? ", ssl-cert " + files.cert() : "") + ")";
        }
        return new SQLNonTransientConnectionException("TLS connection to " + host + ":" + port + " failed: " + why,
                e.getSQLState(), e.getErrorCode(), e);
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
