package dev.drainer.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.checkpoint.MysqlEndpoint;
import dev.drainer.config.ConfigLoader;
import dev.drainer.config.DrainerConfig;
import dev.drainer.proto.secondary.SecondaryBinlog.Binlog;
import dev.drainer.proto.secondary.SecondaryBinlog.BinlogType;
import dev.drainer.proto.secondary.SecondaryBinlog.DDLData;
import dev.drainer.relay.RelayOptions;
import dev.drainer.relay.RelayWriter;
import dev.drainer.runtime.cli.ExitCode;
import dev.drainer.runtime.cli.LogSetup;
import dev.drainer.runtime.cli.RecoverCommand;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.TestPki;
import dev.drainer.testkit.db.TestPki.Identity;
import dev.drainer.testkit.db.TestPki.KeyFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [syncer.to.security]} and {@code [syncer.to.checkpoint.security]} against a MariaDB that refuses plaintext. */
class DownstreamTlsTest {
    private static final String PASSWORD = "Runtime-tls-pw-4b8e-do-not-log";
    private static final String X509_PASSWORD = "Runtime-x509-pw-0c2d-do-not-log";

    @TempDir
    static Path dir;
    static TestPki pki;
    static Identity client;
    static MariaDb db;

    @BeforeAll
    static void startServer() {
        pki = TestPki.create(dir, "runtime");
        Identity server = pki.issueServer("mariadb");
        client = pki.issueClient("drainer", KeyFormat.RSA_PKCS1);
        db = MariaDb.startWithTls(pki.caPem(), server.certPem(), server.keyPem());
        for (String host : List.of("%", "localhost")) {
            db.execute("CREATE USER 'drainer'@'" + host + "' IDENTIFIED BY '" + PASSWORD + "'",
                    "GRANT ALL ON *.* TO 'drainer'@'" + host + "'",
                    "CREATE USER 'x509'@'" + host + "' IDENTIFIED BY '" + X509_PASSWORD + "' REQUIRE X509",
                    "GRANT ALL ON *.* TO 'x509'@'" + host + "'");
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private static String toml(Path relay, String cpSchema, String user, String password, String... security) {
        return String.join("\n", "[syncer]", "worker-count = 2",
                "[syncer.relay]", "log-dir = \"" + relay + "\"",
                "[syncer.to]", "host = \"127.0.0.1\"", "port = " + db.port(), "user = \"" + user + "\"",
                "password = \"" + password + "\"", "read-timeout = \"5s\"",
                "[syncer.to.security]", String.join("\n", security),
                "[syncer.to.checkpoint]", "schema = \"" + cpSchema + "\"", "");
    }

    private static String quoted(String key, Path value) {
        return key + " = \"" + value + "\"";
    }

    @Test
    void loaderAndCheckpointConnectionsUseTheCaAndTheClientCertificate() throws Exception {
        String cp = db.createDatabase("rtcp");
        DrainerConfig caOnly = ConfigLoader.parseToml(toml(dir.resolve("r1"), cp, "drainer", PASSWORD,
                quoted("ssl-ca", pki.caPem())), "ca.toml", Map.of());
        MysqlEndpoint loader = RuntimeFactory.loaderEndpoint(caOnly);
        try (Connection c = loader.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT @@session.time_zone, VARIABLE_VALUE FROM information_schema"
                     + ".SESSION_STATUS WHERE VARIABLE_NAME = 'SSL_VERSION'")) {
            rs.next();
            assertEquals("+00:00", rs.getString(1), "the loader's session statements ran over TLS");
            assertTrue(rs.getString(2).startsWith("TLSv1."), rs.getString(2));
        }
        CheckpointStore store = RuntimeFactory.checkpointStore(caOnly);
        store.createIfMissing();
        store.save(3, Checkpoint.at(33, true));
        assertEquals(33, store.load(3).orElseThrow().commitTs());

        // Mutual TLS for a user that requires a certificate, in the checkpoint's own section too.
        String mutualToml = toml(dir.resolve("r2"), cp, "x509", X509_PASSWORD, quoted("ssl-ca", pki.caPem()),
                quoted("ssl-cert", client.certPem()), quoted("ssl-key", client.keyPem()))
                + String.join("\n", "type = \"mysql\"", "host = \"localhost\"", "port = " + db.port(),
                "user = \"x509\"", "password = \"" + X509_PASSWORD + "\"", "[syncer.to.checkpoint.security]",
                quoted("ssl-ca", pki.caPem()), quoted("ssl-cert", client.certPem()), quoted("ssl-key", client.keyPem()),
                "");
        DrainerConfig mutual = ConfigLoader.parseToml(mutualToml, "mutual.toml", Map.of());
        try (Connection c = RuntimeFactory.loaderEndpoint(mutual).open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT CURRENT_USER()")) {
            rs.next();
            assertTrue(rs.getString(1).startsWith("x509@"), rs.getString(1));
        }
        assertEquals(33, RuntimeFactory.checkpointStore(mutual).load(3).orElseThrow().commitTs());
    }

    @Test
    void recoverReplaysOverTls() throws Exception {
        String schema = db.createDatabase("rtrec");
        String cp = db.createDatabase("rtreccp");
        Path relay = dir.resolve("relay-ok");
        try (RelayWriter w = RelayWriter.open(relay, RelayOptions.builder().build())) {
            w.append(Binlog.newBuilder().setType(BinlogType.DDL).setCommitTs(10).setDdlData(DDLData.newBuilder()
                    .setSchemaName(schema).setTableName("t")
                    .setDdlQuery(ByteString.copyFromUtf8("CREATE TABLE t (id BIGINT PRIMARY KEY)"))).build().toByteArray());
            w.sync();
        }
        Path config = Files.writeString(dir.resolve("ok.toml"), toml(relay, cp, "drainer", PASSWORD,
                quoted("ssl-ca", pki.caPem())));
        CheckpointStore store = RuntimeFactory.checkpointStore(ConfigLoader.load(List.of("-config=" + config), Map.of()));
        store.createIfMissing();
        store.save(1, Checkpoint.at(5, false));

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(ExitCode.OK, new RecoverCommand().run(List.of("-config=" + config), Map.of(),
                new PrintStream(out, true), new PrintStream(err, true)), err.toString());
        assertEquals(new Checkpoint(true, 10, Map.of(), 0), store.load(1).orElseThrow());
        db.execute("SELECT * FROM `" + schema + "`.t");
    }

    @Test
    void aWrongCaStopsRecoverNamingServerAndFileAndNoPasswordIsLoggedOrPrinted() throws Exception {
        TestPki other = TestPki.create(dir, "not-the-servers");
        Path relay = Files.createDirectories(dir.resolve("relay-wrong-ca"));
        Path log = dir.resolve("drainer.log");
        Path config = Files.writeString(dir.resolve("wrong.toml"), "log-level = \"debug\"\nlog-file = \"" + log
                + "\"\n" + toml(relay, "tidb_binlog", "drainer", PASSWORD, quoted("ssl-ca", other.caPem())));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExitCode code;
        try {
            code = new RecoverCommand().run(List.of("-config=" + config), Map.of(), new PrintStream(out, true),
                    new PrintStream(err, true));
        } finally {
            LogSetup.configure("info", "");
        }
        String expected = "TLS connection to 127.0.0.1:" + db.port() + " failed: server certificate not signed by"
                + " this CA (ssl-ca " + other.caPem() + ")";
        assertEquals(ExitCode.FATAL, code);
        assertTrue(err.toString().contains(expected), err.toString());
        String logged = Files.readString(log);
        assertTrue(logged.contains("recovery failed") && logged.contains(expected), logged);
        for (String text : List.of(out.toString(), err.toString(), logged)) {
            assertFalse(text.contains(PASSWORD), "password leaked: " + text);
        }
    }

    @Test
    void aBrokenKeyFileFailsAtStartNamingSectionAndFile() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage-key.pem"), "not a key");
        DrainerConfig cfg = ConfigLoader.parseToml(toml(dir.resolve("r3"), "tidb_binlog", "x509", X509_PASSWORD,
                quoted("ssl-ca", pki.caPem()), quoted("ssl-cert", client.certPem()), quoted("ssl-key", garbage)),
                "broken.toml", Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RuntimeFactory.checkpointStore(cfg));
        assertTrue(e.getMessage().startsWith("[syncer.to.security] ssl-key file " + garbage + ": no private key found"),
                e.getMessage());
    }
}
