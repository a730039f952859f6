package dev.drainer.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * The parsed content of {@link TlsFiles}: the CA certificates, and the client's certificate chain and key when
 * configured; for clients that take JSSE trust and key managers (gRPC towards PD and pumps). Not a record, so
 * that no {@code toString} ever shows the key.
 */
public final class TlsMaterial {
    private final TlsFiles files;
    private final List<X509Certificate> cas;
    private final List<X509Certificate> chain;
    private final PrivateKey key;

    private TlsMaterial(TlsFiles files, List<X509Certificate> cas, List<X509Certificate> chain, PrivateKey key) {
        this.files = files;
        this.cas = List.copyOf(cas);
        this.chain = List.copyOf(chain);
        this.key = key;
    }

    /**
     * Reads and checks {@code files} (the key must match the certificate).
     *
     * @throws IllegalArgumentException a file is unreadable or not what its role needs (message names it)
     */
    public static TlsMaterial read(TlsFiles files) {
        byte[] ca = read(files.ca(), "ssl-ca");
        byte[] cert = files.hasClientCertificate() ? read(files.cert(), "ssl-cert") : new byte[0];
        byte[] key = files.hasClientCertificate() ? read(files.key(), "ssl-key") : new byte[0];
        return parse(files, ca, cert, key);
    }

    /** As {@link #read}, from file content already read. */
    static TlsMaterial parse(TlsFiles files, byte[] ca, byte[] cert, byte[] key) {
        List<X509Certificate> cas = Pem.certificates(Pem.text(ca), files.ca(), "ssl-ca");
        if (!files.hasClientCertificate()) {
            return new TlsMaterial(files, cas, List.of(), null);
        }
        List<X509Certificate> chain = Pem.certificates(Pem.text(cert), files.cert(), "ssl-cert");
        PrivateKey privateKey = Pem.privateKey(Pem.text(key), files.key(), "ssl-key");
        Pem.checkPair(chain.get(0), privateKey, files.cert(), files.key());
        return new TlsMaterial(files, cas, chain, privateKey);
    }

    static byte[] read(Path file, String role) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw Pem.problem(file, role, "cannot read it (" + e + ")");
        }
    }

    /** The files this was read from. */
    public TlsFiles files() {
        return files;
    }

    /** The client certificate chain of {@code ssl-cert}; empty without a client certificate. */
    List<X509Certificate> chain() {
        return chain;
    }

    /** The client key of {@code ssl-key}; null without a client certificate. */
    PrivateKey key() {
        return key;
    }

    /** A store holding only the CA certificates, so that only they are trusted (as Go's {@code RootCAs}). */
    KeyStore trustStore() throws GeneralSecurityException {
        KeyStore trust = emptyStore();
        for (int i = 0; i < cas.size(); i++) {
            trust.setCertificateEntry("ca-" + i, cas.get(i));
        }
        return trust;
    }

    /** Trust managers that accept a server certificate only when one of the CA certificates signed it. */
    public TrustManager[] trustManagers() {
        try {
            TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            f.init(trustStore());
            return f.getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a trust manager for ssl-ca " + files.ca() + ": " + e, e);
        }
    }

    /** Key managers presenting the client certificate; none without one. */
    public KeyManager[] keyManagers() {
        if (key == null) {
            return new KeyManager[0];
        }
        try {
            // The store lives only in memory; its password only satisfies the API.
            char[] password = new char[0];
            KeyStore store = emptyStore();
            store.setKeyEntry("client", key, password, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory f = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            f.init(store, password);
            return f.getKeyManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a key manager for ssl-cert " + files.cert() + ": " + e, e);
        }
    }

    /** A TLS client context trusting only the CA certificates and presenting the client certificate, if any. */
    public SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(), trustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context from " + describe() + ": " + e, e);
        }
    }

    static KeyStore emptyStore() throws GeneralSecurityException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            return ks;
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an empty PKCS12 store", e);
        }
    }

    /** {@code ssl-ca <path>[, ssl-cert <path>]}, for messages. */
    public String describe() {
        return "ssl-ca " + files.ca() + (files.hasClientCertificate() ? ", ssl-cert " + files.cert() : "");
    }

    /** The files, never the key. */
    @Override
    public String toString() {
        return "TlsMaterial[" + describe() + "]";
    }
}
