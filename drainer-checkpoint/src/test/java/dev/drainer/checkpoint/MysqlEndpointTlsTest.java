package dev.drainer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.TestPki;
import dev.drainer.testkit.db.TestPki.Identity;
import dev.drainer.testkit.db.TestPki.KeyFormat;
import dev.drainer.testkit.log.LogCapture;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TLS against a MariaDB of its own that refuses plaintext ({@code require_secure_transport=ON}). */
class MysqlEndpointTlsTest {
    private static final String PASSWORD = "Tls-pw-5e7c1d-do-not-log";
    private static final String X509_PASSWORD = "X509-pw-91ab3f-do-not-log";

    @TempDir
    static Path dir;
    static TestPki pki;
    static MariaDb db;

    @BeforeAll
    static void startServer() {
        pki = TestPki.create(dir, "drainer-test");
        Identity server = pki.issueServer("mariadb");
        db = MariaDb.startWithTls(pki.caPem(), server.certPem(), server.keyPem());
        for (String host : List.of("%", "localhost")) {
            db.execute("CREATE USER 'tls_user'@'" + host + "' IDENTIFIED BY '" + PASSWORD + "'",
                    "GRANT ALL ON *.* TO 'tls_user'@'" + host + "'",
                    "CREATE USER 'x509_user'@'" + host + "' IDENTIFIED BY '" + X509_PASSWORD + "' REQUIRE X509",
                    "GRANT ALL ON *.* TO 'x509_user'@'" + host + "'");
        }
    }

    @AfterAll
    static void stopServer() {
        if (db != null) {
            db.close();
        }
    }

    private static MysqlEndpoint plain(String host, String user, String password) {
        return new MysqlEndpoint(host, db.port(), user, password, Duration.ofSeconds(5), Duration.ofSeconds(30),
                List.of());
    }

    private static String sslVersion(MysqlEndpoint ep) throws SQLException {
        try (Connection c = ep.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_version'")) {
            assertTrue(rs.next());
            return rs.getString(2);
        }
    }

    @Test
    void theServerRefusesPlaintextForCredentialsThatWorkOverTls() throws Exception {
        // MariaDB answers a plaintext login under require_secure_transport with "Access denied".
        SQLException e = assertThrows(SQLException.class, () -> plain("127.0.0.1", "tls_user", PASSWORD).open().close());
        assertTrue(e.getMessage().contains("Access denied"), e.getMessage());
        assertTrue(sslVersion(plain("127.0.0.1", "tls_user", PASSWORD).withTls(new TlsFiles(pki.caPem(), null, null)))
                .startsWith("TLSv1."));
    }

    @Test
    void aCaAloneVerifiesTheServerAndEncrypts() throws Exception {
        MysqlEndpoint ep = plain("127.0.0.1", "tls_user", PASSWORD).withTls(new TlsFiles(pki.caPem(), null, null));
        assertTrue(sslVersion(ep).startsWith("TLSv1."), "session is encrypted");
        assertTrue(sslVersion(plain("localhost", "tls_user", PASSWORD).withTls(new TlsFiles(pki.caPem(), null, null)))
                .startsWith("TLSv1."), "the DNS name of the certificate verifies too");

        String schema = db.createDatabase("tlscp");
        CheckpointStore store = new CheckpointStore(ep, schema, "checkpoint");
        store.createIfMissing();
        store.save(7, Checkpoint.at(434000000000000001L, true));
        assertEquals(434000000000000001L, store.load(7).orElseThrow().commitTs());
    }

    @ParameterizedTest
    @EnumSource(KeyFormat.class)
    void mutualTlsPresentsTheClientCertificateInEveryKeyForm(KeyFormat format) throws Exception {
        Identity client = pki.issueClient("drainer-" + format.name().toLowerCase(), format);
        MysqlEndpoint withCert = plain("127.0.0.1", "x509_user", X509_PASSWORD)
                .withTls(new TlsFiles(pki.caPem(), client.certPem(), client.keyPem()));
        try (Connection c = withCert.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CURRENT_USER()")) {
            rs.next();
            assertTrue(rs.getString(1).startsWith("x509_user@"), rs.getString(1));
        }
    }

    @Test
    void aUserThatRequiresX509IsRefusedWithoutAClientCertificate() {
        MysqlEndpoint caOnly = plain("127.0.0.1", "x509_user", X509_PASSWORD)
                .withTls(new TlsFiles(pki.caPem(), null, null));
        SQLException e = assertThrows(SQLException.class, () -> caOnly.open().close());
        assertTrue(e.getMessage().contains("Access denied"), e.getMessage());
        assertFalse(e.getMessage().contains(X509_PASSWORD));
    }

    @Test
    void aWrongCaFailsNamingServerFileAndCauseButNeverThePassword() throws Exception {
        TestPki other = TestPki.create(dir, "other");
        MysqlEndpoint ep = plain("127.0.0.1", "tls_user", PASSWORD).withTls(new TlsFiles(other.caPem(), null, null));
        SQLException e;
        String logged;
        try (LogCapture log = LogCapture.start()) {
            e = assertThrows(SQLNonTransientConnectionException.class, () -> ep.open().close());
            CheckpointStore store = new CheckpointStore(ep, "tidb_binlog", "checkpoint", 2, Duration.ZERO);
            CheckpointException saveFailure = assertThrows(CheckpointException.class,
                    () -> store.save(1, Checkpoint.at(1, false)));
            assertTrue(saveFailure.getMessage().contains("not signed by this CA"), saveFailure.getMessage());
            assertTrue(log.recordCount() >= 2, "the failed save attempts were logged");
            logged = log.text();
        }
        assertEquals("TLS connection to 127.0.0.1:" + db.port() + " failed: server certificate not signed by this CA"
                + " (ssl-ca " + other.caPem() + ")", e.getMessage());
        assertTrue(logged.contains("not signed by this CA"), logged);
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        for (String text : List.of(trace.toString(), logged, ep.toString(), ep.jdbcUrl())) {
            assertFalse(text.contains(PASSWORD), "password leaked in: " + text);
        }
    }

    @Test
    void aHostTheCertificateDoesNotNameIsRefused() {
        // 127.0.0.2 reaches the same server, but its certificate names only 127.0.0.1 and localhost.
        MysqlEndpoint ep = plain("127.0.0.2", "tls_user", PASSWORD).withTls(new TlsFiles(pki.caPem(), null, null));
        SQLException e = assertThrows(SQLNonTransientConnectionException.class, () -> ep.open().close());
        assertTrue(e.getMessage().startsWith("TLS connection to 127.0.0.2:" + db.port()
                + " failed: server certificate does not name host 127.0.0.2"), e.getMessage());
    }

    @Test
    void aServerWithoutTlsIsRefusedRatherThanUsedInPlaintext() {
        MariaDb plaintext = MariaDb.shared();
        MysqlEndpoint ep = new MysqlEndpoint(plaintext.host(), plaintext.port(), plaintext.user(), plaintext.password(),
                Duration.ofSeconds(5), Duration.ofSeconds(30), List.of()).withTls(new TlsFiles(pki.caPem(), null, null));
        SQLException e = assertThrows(SQLNonTransientConnectionException.class, () -> ep.open().close());
        assertEquals("TLS connection to " + plaintext.host() + ":" + plaintext.port() + " failed: the server does not"
                + " offer TLS, and with ssl-ca set the connection is never made in plaintext (ssl-ca " + pki.caPem()
                + ")", e.getMessage());
    }

    @Test
    void aWrongPasswordIsRefusedWithoutShowingIt() {
        String wrong = "Wrong-pw-77e1-do-not-log";
        MysqlEndpoint ep = plain("127.0.0.1", "tls_user", wrong).withTls(new TlsFiles(pki.caPem(), null, null));
        SQLException e = assertThrows(SQLException.class, () -> ep.open().close());
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertTrue(e.getMessage().contains("Access denied for user 'tls_user'"), e.getMessage());
        assertFalse(trace.toString().contains(wrong), trace.toString());
    }

    @Test
    void aClientCertificateTheServerDoesNotTrustFailsNamingTheCertificate() {
        Identity stranger = TestPki.create(dir, "stranger").issueClient("stranger", KeyFormat.RSA_PKCS8);
        MysqlEndpoint ep = plain("127.0.0.1", "x509_user", X509_PASSWORD)
                .withTls(new TlsFiles(pki.caPem(), stranger.certPem(), stranger.keyPem()));
        SQLException e = assertThrows(SQLException.class, () -> ep.open().close());
        // The server's alert or, as often under TLS 1.3, only the closed socket reaches the client.
        assertTrue(e.getMessage().startsWith("TLS connection to 127.0.0.1:" + db.port() + " failed: the server "),
                e.getMessage());
        assertTrue(e.getMessage().contains(" client certificate (ssl-cert " + stranger.certPem()
                + "; is it signed by a CA the server trusts?): "), e.getMessage());
    }
}
