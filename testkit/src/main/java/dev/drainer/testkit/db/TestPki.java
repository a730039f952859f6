package dev.drainer.testkit.db;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1BitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A throw-away certificate authority for TLS tests: a CA and the server and client certificates it signs,
 * written as PEM files the way OpenSSL writes them. Needs {@code org.bouncycastle:bcpkix-jdk18on} on the
 * test class path (testkit declares it optional).
 */
public final class TestPki {
    /** How a private key is written, which also fixes its algorithm. */
    public enum KeyFormat {
        /** RSA, {@code BEGIN PRIVATE KEY} (PKCS#8). */
        RSA_PKCS8,
        /** RSA, {@code BEGIN RSA PRIVATE KEY} (PKCS#1, OpenSSL's traditional form). */
        RSA_PKCS1,
        /** EC P-256, {@code BEGIN PRIVATE KEY} (PKCS#8). */
        EC_PKCS8,
        /** EC P-256, {@code BEGIN EC PRIVATE KEY} (SEC1, OpenSSL's traditional form). */
        EC_SEC1,
        /** Ed25519, {@code BEGIN PRIVATE KEY} (PKCS#8, the only form OpenSSL writes for it). */
        ED25519_PKCS8
    }

    /** A certificate and its key, as PEM files. */
    public record Identity(Path certPem, Path keyPem) {
    }

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final String name;
    private final KeyPair caKeys;
    private final X509Certificate caCert;
    private final Path caPem;

    private TestPki(Path dir, String name, KeyPair caKeys, X509Certificate caCert, Path caPem) {
        this.dir = dir;
        this.name = name;
        this.caKeys = caKeys;
        this.caCert = caCert;
        this.caPem = caPem;
    }

    /** A new CA named {@code name}; its files go to {@code dir} as {@code <name>-*.pem}. */
    public static TestPki create(Path dir, String name) {
        try {
            KeyPair keys = keyPair(KeyFormat.RSA_PKCS8);
            X500Name subject = new X500Name("CN=" + name);
            X509v3CertificateBuilder b = builder(subject, subject, keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate cert = sign(b, keys.getPrivate());
            Path pem = dir.resolve(name + "-ca.pem");
            Files.writeString(pem, pem(cert));
            return new TestPki(dir, name, keys, cert, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create test CA " + name, e);
        }
    }

    /** The CA certificate (PEM). */
    public Path caPem() {
        return caPem;
    }

    /** A server certificate for {@code 127.0.0.1} and {@code localhost} (and no other name). */
    public Identity issueServer(String cn) {
        return issue(cn, KeyFormat.RSA_PKCS8, new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth}, loopbackNames());
    }

    /**
     * A certificate for {@code 127.0.0.1} and {@code localhost} good for both ends of a connection, as a TiDB
     * cluster's component certificates are: a pump serves with it and presents it when it calls a drainer. Its key
     * is written in {@code format}.
     */
    public Identity issuePeer(String cn, KeyFormat format) {
        return issue(cn, format,
                new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}, loopbackNames());
    }

    /** A client certificate whose key is written in {@code format}. */
    public Identity issueClient(String cn, KeyFormat format) {
        return issue(cn, format, new KeyPurposeId[]{KeyPurposeId.id_kp_clientAuth}, null);
    }

    private static GeneralNames loopbackNames() {
        return new GeneralNames(new GeneralName[]{
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")});
    }

    private Identity issue(String cn, KeyFormat format, KeyPurposeId[] purposes, GeneralNames san) {
        try {
            KeyPair keys = keyPair(format);
            X509v3CertificateBuilder b = builder(new X500Name(caCert.getSubjectX500Principal().getName()),
                    new X500Name("CN=" + cn), keys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
            if (san != null) {
                b.addExtension(Extension.subjectAlternativeName, false, san);
            }
            X509Certificate cert = sign(b, caKeys.getPrivate());
            String base = name + "-" + cn + "-" + format.name().toLowerCase(java.util.Locale.ROOT);
            Path certPem = dir.resolve(base + "-cert.pem");
            Path keyPem = dir.resolve(base + "-key.pem");
            Files.writeString(certPem, pem(cert));
            Files.writeString(keyPem, pem(keys, format));
            return new Identity(certPem, keyPem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot issue test certificate " + cn, e);
        }
    }

    private static KeyPair keyPair(KeyFormat format) throws GeneralSecurityException {
        if (format == KeyFormat.ED25519_PKCS8) {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        }
        if (format == KeyFormat.EC_PKCS8 || format == KeyFormat.EC_SEC1) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        }
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key) {
        Instant now = Instant.now();
        // Back-dated so that a clock a little behind the server's does not make the certificate "not yet valid".
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))), subject, key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        }
        return w.toString();
    }

    private static String pem(KeyPair keys, KeyFormat format) throws IOException {
        return switch (format) {
            case RSA_PKCS8, EC_PKCS8, ED25519_PKCS8 -> pem(new JcaPKCS8Generator(keys.getPrivate(), null));
            // BouncyCastle writes a bare RSA key in OpenSSL's traditional form (PKCS#1).
            case RSA_PKCS1 -> pem(keys.getPrivate());
            case EC_SEC1 -> pem(new PemObject("EC PRIVATE KEY", sec1(keys).getEncoded()));
        };
    }

    /** SEC1 with the curve and public key, as {@code openssl ecparam -genkey} writes it (BouncyCastle would drop the curve). */
    private static org.bouncycastle.asn1.sec.ECPrivateKey sec1(KeyPair keys) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded());
        BigInteger d = org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey()).getKey();
        ASN1BitString pub = SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData();
        return new org.bouncycastle.asn1.sec.ECPrivateKey(256, d, pub, info.getPrivateKeyAlgorithm().getParameters());
    }
}
