package dev.drainer.runtime.server;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The shared port's check of a client certificate: first the chain against {@code ssl-ca} (the delegate), then,
 * when {@code cert-allowed-cn} lists names, the leaf's Common Name against them, as the Go drainer's
 * {@code VerifyPeerCertificate} does. A refusal fails the handshake, so no byte reaches a backend.
 */
final class AllowedCnTrustManager extends X509ExtendedTrustManager {
    private static final System.Logger LOG = System.getLogger(AllowedCnTrustManager.class.getName());

    private final X509ExtendedTrustManager delegate;
    private final Set<String> allowed;

    /** @param allowed the {@code cert-allowed-cn} names; empty: any certificate signed by the CA */
    AllowedCnTrustManager(X509ExtendedTrustManager delegate, List<String> allowed) {
        this.delegate = delegate;
        this.allowed = Set.copyOf(allowed);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
        checkCn(chain, socket == null ? null : socket.getRemoteSocketAddress());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
        checkCn(chain, engine == null ? null : engine.getPeerHost() + ":" + engine.getPeerPort());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
        checkCn(chain, null);
    }

    private void checkCn(X509Certificate[] chain, Object peer) throws CertificateException {
        if (allowed.isEmpty()) {
            return;
        }
        String cn = commonName(chain[0]);
        if (!allowed.contains(cn)) {
            LOG.log(System.Logger.Level.WARNING, "shared port refused a client certificate cn={0} peer={1} allowed={2}",
                    cn, peer, allowed);
            throw new CertificateException("client certificate authentication failed: the Common Name " + cn
                    + " is not in [security] cert-allowed-cn " + allowed);
        }
    }

    /** The subject's last CN, as Go's {@code pkix.Name.CommonName}; empty when the subject has none. */
    static String commonName(X509Certificate cert) throws CertificateException {
        try {
            String cn = "";
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().toUpperCase(Locale.ROOT).equals("CN")) {
                    cn = rdn.getValue().toString();
                }
            }
            return cn;
        } catch (InvalidNameException e) {
            throw new CertificateException("unreadable client certificate subject "
                    + cert.getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
