package dev.drainer.runtime.server;

import dev.drainer.checkpoint.TlsMaterial;
import java.io.IOException;
import java.net.ServerSocket;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.function.BiFunction;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS on the shared port ({@code [security]}): the server certificate of {@code ssl-cert}; with
 * {@code cert-allowed-cn}, a client certificate signed by {@code ssl-ca} whose CN is listed is required of every
 * client, as the Go drainer requires it then. Without it a client certificate is asked for and, when presented,
 * must be signed by {@code ssl-ca}, but a client without one is served: the Go drainer asks none then, and
 * kubelet's HTTPS probes and many scrapers cannot present one. The front door terminates TLS and splices the
 * decrypted bytes to the loopback backends, so they stay plaintext.
 */
public final class ListenerTls {
    static final String H2 = "h2";
    static final String HTTP_1_1 = "http/1.1";

    private final SSLContext context;
    private final boolean requireClientCert;
    private final String source;

    private ListenerTls(SSLContext context, boolean requireClientCert, String source) {
        this.context = context;
        this.requireClientCert = requireClientCert;
        this.source = source;
    }

    /**
     * @param material must hold a certificate and key: the server's identity
     * @param allowedCn {@code cert-allowed-cn}; empty: no client certificate required, one presented must be
     *                  signed by the CA
     * @throws IllegalArgumentException {@code material} has no certificate (the message names the keys)
     */
    public static ListenerTls of(TlsMaterial material, List<String> allowedCn) {
        if (!material.files().hasClientCertificate()) {
            throw new IllegalArgumentException("ssl-ca is set but ssl-cert and ssl-key are not: the drainer serves"
                    + " TLS on addr with them as its server certificate (" + material.describe() + ")");
        }
        TrustManager[] trust = material.trustManagers();
        if (trust.length != 1 || !(trust[0] instanceof X509ExtendedTrustManager x509)) {
            throw new IllegalStateException("the JDK gave no X509 trust manager for " + material.describe());
        }
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(material.keyManagers(), new TrustManager[]{new AllowedCnTrustManager(x509, allowedCn)}, null);
            return new ListenerTls(ctx, !allowedCn.isEmpty(),
                    material.describe() + (allowedCn.isEmpty() ? "" : ", cert-allowed-cn " + allowedCn));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS context of the shared port from "
                    + material.describe() + ": " + e, e);
        }
    }

    /** An unbound listener asking each client for its certificate (requiring it with {@code cert-allowed-cn}). */
    ServerSocket newServerSocket() throws IOException {
        SSLServerSocket s = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
        if (requireClientCert) {
            s.setNeedClientAuth(true);
        } else {
            s.setWantClientAuth(true);
        }
        return s;
    }

    /** Sets the ALPN choice on an accepted connection, before its handshake. */
    static void prepare(SSLSocket socket) {
        BiFunction<SSLSocket, List<String>, String> selector = (s, offered) -> chooseProtocol(offered);
        socket.setHandshakeApplicationProtocolSelector(selector);
    }

    /**
     * {@code http/1.1} whenever offered, else {@code h2}: gRPC clients offer {@code h2} alone, while HTTP clients
     * (curl, Go's and Java's) offer both and must land on the HTTP/1.1 backend, which speaks nothing else. Null
     * (a {@code no_application_protocol} alert) when neither is offered; "" (no ALPN) for a client offering none.
     */
    static String chooseProtocol(List<String> offered) {
        if (offered.isEmpty()) {
            return "";
        }
        if (offered.contains(HTTP_1_1)) {
            return HTTP_1_1;
        }
        return offered.contains(H2) ? H2 : null;
    }

    /** The files (never the key), for logs. */
    @Override
    public String toString() {
        return "ListenerTls[" + source + "]";
    }
}
