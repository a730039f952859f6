package dev.drainer.operator.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.checkpoint.MysqlEndpoint;
import dev.drainer.checkpoint.TlsFiles;
import dev.drainer.operator.api.TlsSpec;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.TestPki;
import dev.drainer.testkit.db.TestPki.Identity;
import dev.drainer.testkit.db.TestPki.KeyFormat;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint read over TLS with the files of a TLS Secret, against a MariaDB of its own that refuses plaintext.
 */
class JdbcCheckpointReaderTlsTest {
    private static final String X509_PASSWORD = "X509-op-pw-4c1e-do-not-log";
    private static final long CLUSTER = 7;

    @TempDir
    static Path dir;
    static TestPki pki;
    static MariaDb db;
    static String schema;

    private final JdbcCheckpointReader reader = new JdbcCheckpointReader(Duration.ofSeconds(5));
    private final TlsSecretFiles files = TlsSecretFiles.inTempDirectory();

    @BeforeAll
    static void startServer() throws Exception {
        pki = TestPki.create(dir, "operator-test");
        Identity server = pki.issueServer("mariadb");
        db = MariaDb.startWithTls(pki.caPem(), server.certPem(), server.keyPem());
        for (String host : List.of("%", "localhost")) {
            db.execute("CREATE USER 'x509_user'@'" + host + "' IDENTIFIED BY '" + X509_PASSWORD + "' REQUIRE X509",
                    "GRANT ALL ON *.* TO 'x509_user'@'" + host + "'");
        }
        schema = db.createDatabase("cptls");
        CheckpointStore store = new CheckpointStore(new MysqlEndpoint(db.host(), db.port(), db.user(), db.password(),
                Duration.ofSeconds(5), Duration.ofSeconds(5), List.of()).withTls(new TlsFiles(pki.caPem(), null, null)),
                schema, "checkpoint");
        store.createIfMissing();
        store.save(CLUSTER, Checkpoint.at(445_000_000_000_000_003L, true));
    }

    @AfterAll
    static void stopServer() {
        if (db != null) {
            db.close();
        }
    }

    @AfterEach
    void removeFiles() {
        files.close();
    }

    /** A Secret as the API server returns it: base64 data. */
    private static Secret secret(Map<String, Path> pems) throws Exception {
        SecretBuilder b = new SecretBuilder().withNewMetadata().withName("db-tls").withNamespace("ns")
                .withResourceVersion("1").endMetadata();
        for (Map.Entry<String, Path> e : pems.entrySet()) {
            b.addToData(e.getKey(), Base64.getEncoder().encodeToString(Files.readAllBytes(e.getValue())));
        }
        return b.build();
    }

    private static TlsSpec spec(boolean clientCert) {
        TlsSpec spec = new TlsSpec();
        spec.secretName = "db-tls";
        if (!clientCert) {
            spec.certKey = "";
            spec.keyKey = "";
        }
        return spec;
    }

    private CheckpointReading read(String user, String password, TlsSpec spec, Secret secret) throws Exception {
        Optional<SecretTls> tls = files.files("uid", "spec.downstream.tls", "ns", spec, name -> secret);
        return reader.read(new CheckpointSource(db.host(), db.port(), user, password, schema, "checkpoint", tls),
                Long.toString(CLUSTER));
    }

    @Test
    void withTheCaOfTheSecretTheRowIsReadAndWithoutTlsItIsNot() throws Exception {
        Secret caOnly = secret(Map.of("ca.crt", pki.caPem()));
        assertEquals(CheckpointReading.found(445_000_000_000_000_003L, true),
                read(db.user(), db.password(), spec(false), caOnly));
        CheckpointReading plaintext = reader.read(new CheckpointSource(db.host(), db.port(), db.user(), db.password(),
                schema, "checkpoint", Optional.empty()), Long.toString(CLUSTER));
        assertEquals(CheckpointReading.Outcome.FAILED, plaintext.outcome(), "the server refuses plaintext");
    }

    @Test
    void theClientCertificateOfTheSecretIsPresented() throws Exception {
        Identity client = pki.issueClient("drainer", KeyFormat.EC_SEC1);
        Secret mutual = secret(Map.of("ca.crt", pki.caPem(), "tls.crt", client.certPem(), "tls.key", client.keyPem()));
        assertEquals(CheckpointReading.found(445_000_000_000_000_003L, true),
                read("x509_user", X509_PASSWORD, spec(true), mutual));
        CheckpointReading withoutCert = read("x509_user", X509_PASSWORD, spec(false), mutual);
        assertEquals(CheckpointReading.Outcome.FAILED, withoutCert.outcome(), "REQUIRE X509 needs the certificate");
        assertTrue(withoutCert.error().contains("Access denied"), withoutCert.error());
        assertFalse(withoutCert.error().contains(X509_PASSWORD), withoutCert.error());
    }

    @Test
    void aWrongCaIsNamedAsTheProblem() throws Exception {
        TestPki other = TestPki.create(dir, "other");
        CheckpointReading r = read(db.user(), db.password(), spec(false), secret(Map.of("ca.crt", other.caPem())));
        assertEquals(CheckpointReading.Outcome.FAILED, r.outcome());
        assertEquals("cannot read checkpoint from " + db.user() + "@" + db.host() + ":" + db.port() + "/" + schema
                + ".checkpoint over TLS (Secret ns/db-tls): TLS connection to " + db.host() + ":" + db.port()
                + " failed: server certificate not signed by this CA (ssl-ca "
                + files.root().resolve("uid").resolve("spec.downstream.tls").resolve("ca.crt") + ")", r.error());
    }

    @Test
    void aSecretValueThatIsNoCertificateIsNamedBeforeAnyConnection() throws Exception {
        Path garbage = dir.resolve("garbage.pem");
        Files.writeString(garbage, "not a certificate\n");
        CheckpointReading r = read(db.user(), db.password(), spec(false), secret(Map.of("ca.crt", garbage)));
        assertEquals(CheckpointReading.Outcome.FAILED, r.outcome());
        assertTrue(r.error().startsWith("cannot read checkpoint from " + db.user() + "@" + db.host() + ":" + db.port()
                + "/" + schema + ".checkpoint over TLS (Secret ns/db-tls): "), r.error());
        assertTrue(r.error().contains("ssl-ca file " + files.root().resolve("uid").resolve("spec.downstream.tls").resolve("ca.crt")), r.error());
        assertTrue(r.error().contains("no certificate found"), r.error());
    }
}
