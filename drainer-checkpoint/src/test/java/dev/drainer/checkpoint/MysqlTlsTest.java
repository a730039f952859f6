package dev.drainer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.testkit.db.TestPki;
import dev.drainer.testkit.db.TestPki.Identity;
import dev.drainer.testkit.db.TestPki.KeyFormat;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** PEM files to Connector/J key stores, and every way the files can be wrong. No server needed. */
class MysqlTlsTest {
    @TempDir
    static Path dir;
    static TestPki pki;

    @BeforeAll
    static void ca() {
        pki = TestPki.create(dir, "unit");
    }

    private static KeyStore load(String url, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = URI.create(url).toURL().openStream()) {
            ks.load(in, password.toCharArray());
        }
        return ks;
    }

    private static Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @ParameterizedTest
    @EnumSource(KeyFormat.class)
    void everyKeyFormBecomesAClientKeyStoreWithTheCertificateChain(KeyFormat format) throws Exception {
        Identity client = pki.issueClient("c-" + format, format);
        Map<String, String> p = MysqlTls.driverProperties(new TlsFiles(pki.caPem(), client.certPem(), client.keyPem()));
        KeyStore ks = load(p.get("clientCertificateKeyStoreUrl"), p.get("clientCertificateKeyStorePassword"));
        assertTrue(ks.isKeyEntry("client"));
        X509Certificate leaf = (X509Certificate) ks.getCertificateChain("client")[0];
        assertEquals("CN=c-" + format, leaf.getSubjectX500Principal().getName());
        assertEquals(format.name().substring(0, format.name().indexOf('_')).replace("ED25519", "EdDSA"),
                ks.getKey("client", p.get("clientCertificateKeyStorePassword").toCharArray()).getAlgorithm());
    }

    @Test
    void anEcParametersBlockBeforeTheKeyIsSkippedAsOpensslWritesIt() throws Exception {
        Identity client = pki.issueClient("ecparam", KeyFormat.EC_SEC1);
        Path withParams = write("ecparam-key.pem", "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n"
                + "-----END EC PARAMETERS-----\n" + Files.readString(client.keyPem()));
        Map<String, String> p = MysqlTls.driverProperties(new TlsFiles(pki.caPem(), client.certPem(), withParams));
        assertTrue(load(p.get("clientCertificateKeyStoreUrl"), p.get("clientCertificateKeyStorePassword"))
                .isKeyEntry("client"));
    }

    @Test
    void storesArePrivateRandomlyLockedAndMadeOncePerContent() throws Exception {
        Map<String, String> p = MysqlTls.driverProperties(new TlsFiles(pki.caPem(), null, null));
        Path trust = Path.of(URI.create(p.get("trustCertificateKeyStoreUrl")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(trust)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(trust.getParent())));
        KeyStore ts = load(p.get("trustCertificateKeyStoreUrl"), p.get("trustCertificateKeyStorePassword"));
        assertTrue(ts.isCertificateEntry("ca-0"));
        assertEquals("false", p.get("fallbackToSystemTrustStore"));
        assertFalse(p.containsKey("clientCertificateKeyStoreUrl"), "no client key without ssl-cert");

        Path copy = Files.copy(pki.caPem(), dir.resolve("same-content.pem"));
        assertSame(p, MysqlTls.driverProperties(new TlsFiles(copy, null, null)), "same content, same stores");
        Map<String, String> other = MysqlTls.driverProperties(new TlsFiles(TestPki.create(dir, "unit2").caPem(),
                null, null));
        assertNotEquals(p.get("trustCertificateKeyStorePassword"), other.get("trustCertificateKeyStorePassword"));
        assertNotEquals(p.get("trustCertificateKeyStoreUrl"), other.get("trustCertificateKeyStoreUrl"));
    }

    @Test
    void theUrlCarriesTheVerificationLevelButNoSecret() {
        MysqlEndpoint ep = new MysqlEndpoint("db.example", 4000, "u", "pw-secret", Duration.ofSeconds(1),
                Duration.ofSeconds(1), List.of()).withTls(new TlsFiles(pki.caPem(), null, null));
        assertTrue(ep.jdbcUrl().contains("sslMode=VERIFY_IDENTITY"), ep.jdbcUrl());
        Map<String, String> p = MysqlTls.driverProperties(ep.tls().orElseThrow());
        for (String text : List.of(ep.jdbcUrl(), ep.toString())) {
            assertFalse(text.contains("pw-secret") || text.contains(p.get("trustCertificateKeyStorePassword")), text);
        }
        assertEquals("u@db.example:4000 (tls)", ep.toString());
        assertTrue(new MysqlEndpoint("h", 1, "u", "", Duration.ZERO, Duration.ZERO, List.of()).jdbcUrl()
                .contains("sslMode=DISABLED"));
    }

    @Test
    void aCertificateWithoutAKeyIsRejectedNamingBoth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TlsFiles(pki.caPem(), dir.resolve("c.pem"), null));
        assertTrue(e.getMessage().startsWith("ssl-cert and ssl-key go together"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TlsFiles.fromConfig("ca.pem", "", "k.pem"));
        assertTrue(e.getMessage().contains("ssl-cert=<unset> ssl-key=k.pem"), e.getMessage());
        assertEquals(Optional.empty(), TlsFiles.fromConfig("", "", ""));
        assertThrows(IllegalArgumentException.class, () -> TlsFiles.fromConfig("", "c.pem", "k.pem"));
    }

    @Test
    void unreadableOrWrongFilesAreNamedWithWhatWasExpected() throws Exception {
        Identity client = pki.issueClient("wrong-files", KeyFormat.RSA_PKCS8);
        Identity otherClient = pki.issueClient("other", KeyFormat.EC_SEC1);
        Path missing = dir.resolve("missing.pem");
        Path garbage = write("garbage.pem", "this is not PEM\n\u0000\u00ff");
        Path badBase64 = write("bad64.pem", "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n");
        Path notACert = write("notcert.pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        Path encrypted = write("enc.pem", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        Path legacyEncrypted = write("enc1.pem", "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n");

        assertProblem(new TlsFiles(missing, null, null), "ssl-ca file " + missing + ": cannot read it");
        assertProblem(new TlsFiles(garbage, null, null), "ssl-ca file " + garbage
                + ": no certificate found; expected PEM text with -----BEGIN CERTIFICATE-----");
        assertProblem(new TlsFiles(badBase64, null, null), "ssl-ca file " + badBase64
                + ": the CERTIFICATE block is not valid base64");
        assertProblem(new TlsFiles(notACert, null, null), "ssl-ca file " + notACert
                + ": certificate 1 is not a valid X.509 certificate");
        assertProblem(new TlsFiles(pki.caPem(), client.keyPem(), client.keyPem()), "ssl-cert file "
                + client.keyPem() + ": no certificate found");
        assertProblem(new TlsFiles(pki.caPem(), client.certPem(), client.certPem()), "ssl-key file "
                + client.certPem() + ": no private key found; expected PEM text with -----BEGIN PRIVATE KEY-----");
        assertProblem(new TlsFiles(pki.caPem(), client.certPem(), encrypted), "ssl-key file " + encrypted
                + ": the private key is encrypted");
        assertProblem(new TlsFiles(pki.caPem(), client.certPem(), legacyEncrypted), "ssl-key file " + legacyEncrypted
                + ": the private key is encrypted");
        assertProblem(new TlsFiles(pki.caPem(), client.certPem(), otherClient.keyPem()), "ssl-key file "
                + otherClient.keyPem() + ": private key does not match the certificate in " + client.certPem());
    }

    private static void assertProblem(TlsFiles files, String expectedStart) {
        MysqlEndpoint ep = new MysqlEndpoint("h", 1, "u", "p", Duration.ZERO, Duration.ZERO, List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ep.withTls(files));
        assertTrue(e.getMessage().startsWith(expectedStart), e.getMessage());
    }
}
