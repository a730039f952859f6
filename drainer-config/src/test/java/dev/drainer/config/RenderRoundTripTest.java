package dev.drainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RenderRoundTripTest {
    @TempDir
    Path dir;

    /** Every supported field set to a non-default value (built with constructors, as the operator would). */
    private DrainerConfig everything(Path passwordFile) {
        TlsConfig serverTls = new TlsConfig("ca.pem", "cert.pem", "key.pem", List.of("pump", "tidb"));
        TlsConfig clientTls = new TlsConfig("dca.pem", "dcert.pem", "dkey.pem", List.of());
        CheckpointConfig cp = new CheckpointConfig(Optional.of(DbType.TIDB), "cp_schema", "cp_table", "cp.host",
                4001, "cp_user", Secret.EMPTY, new TlsConfig("cca.pem", "", "", List.of()));
        DestinationConfig to = new DestinationConfig("down.svc", 4000, "drainer", Secret.of("from-file"),
                passwordFile.toString(), Duration.ofSeconds(90),
                Map.of("time_zone", "+08:00", "tidb.weird key", "x\"y\\z"), clientTls, cp);
        RelayConfig relay = new RelayConfig("/relay", 2048, RelayFsync.OFF, Duration.ofMillis(1500),
                "Asia/Shanghai", false);
        SyncerConfig syncer = new SyncerConfig(Optional.of("STRICT_TRANS_TABLES,NO_ZERO_DATE"), List.of(1L, 42L),
                "mysql,test", List.of(new TableName("a", "b"), new TableName("c", "~d.*")), List.of("db1", "db2"),
                List.of(new TableName("db1", "t1")), 50, 1, 7, false, DbType.TIDB, true, false, false, true, relay,
                to);
        return new DrainerConfig("debug", "node-7", "10.0.0.9:9000", "drainer-0.drainer:9000", "/data/drainer", 11,
                "http://pd-0:2379,http://pd-1:2379", "/logs/drainer.log", 424242L, 9, "gzip", serverTls,
                "pushgw:9091", 30, 64, syncer);
    }

    @Test
    void renderThenParseGivesTheSameConfig() throws IOException {
        Path pw = Files.writeString(dir.resolve("password"), "from-file\n");
        DrainerConfig c = everything(pw);
        String toml = ConfigRenderer.render(c, TestSupport.HOST);
        Path file = Files.writeString(dir.resolve("drainer.toml"), toml);
        List<String> args = new ArrayList<>(List.of("-config", file.toString()));
        args.addAll(ConfigRenderer.flagArgs(c));
        assertEquals(c, TestSupport.load(Map.of(), args.toArray(String[]::new)), toml);
    }

    @Test
    void tomlOnlyRoundTripOfEveryTomlField() throws IOException {
        Path pw = Files.writeString(dir.resolve("password"), "from-file");
        DrainerConfig c = everything(pw);
        DrainerConfig parsed = TestSupport.parse(ConfigRenderer.render(c, TestSupport.HOST));
        DrainerConfig expected = new DrainerConfig(c.logLevel(), c.nodeId(), c.addr(), c.advertiseAddr(), c.dataDir(),
                c.detectInterval(), c.pdUrls(), c.logFile(), c.initialCommitTs(), c.syncedCheckTime(), c.compressor(),
                c.security(), "", Defaults.METRICS_INTERVAL, Defaults.CACHE_BINLOG_COUNT, c.syncer());
        assertEquals(expected, parsed);
    }

    @Test
    void defaultsRoundTripAndDerivedKeysAreLeftToEachHost() {
        DrainerConfig d = ConfigLoader.defaults(Map.of(), TestSupport.HOST);
        String toml = ConfigRenderer.render(d, TestSupport.HOST);
        assertEquals(d, TestSupport.parse(toml));
        assertFalse(toml.contains("node-id"), toml);
        assertFalse(toml.contains("addr ="), toml);
        assertFalse(toml.contains("advertise-addr"), toml);
        assertEquals(List.of(), ConfigRenderer.flagArgs(d));
        // Another pod derives its own identity from the same file.
        DrainerConfig other = ConfigLoader.parseToml(toml, "x", Map.of(), new HostInfo("pod-1", "10.9.9.9"));
        assertEquals("pod-1:8249", other.nodeId());
        assertEquals("10.9.9.9:8249", other.advertiseAddr());
    }

    @Test
    void passwordsAreNeverRendered() throws IOException {
        DrainerConfig c = TestSupport.parse("[syncer.to]\npassword = \"TOP-SECRET\"\n[syncer.to.checkpoint]\n"
                + "type = \"mysql\"\npassword = \"CP-SECRET\"\n");
        String toml = ConfigRenderer.render(c, TestSupport.HOST);
        assertFalse(toml.contains("TOP-SECRET"), toml);
        assertFalse(toml.contains("CP-SECRET"), toml);
        assertFalse(toml.contains("password ="), toml);
        // The operator passes it via MYSQL_PSWD instead:
        assertEquals("TOP-SECRET", TestSupport.parse(toml, Map.of("MYSQL_PSWD", "TOP-SECRET")).syncer().to()
                .password().reveal());
    }

    @Test
    void renderedFileIsStrictlyValidAndMentionsExtensions() {
        String toml = ConfigRenderer.render(ConfigLoader.defaults(Map.of(), TestSupport.HOST), TestSupport.HOST);
        assertTrue(toml.contains("fsync = \"commit\""), toml);
        assertTrue(toml.contains("lock-timeout = \"30s\""), toml);
        assertTrue(toml.contains("legacy-time-zone = \"Local\""), toml);
        assertTrue(toml.contains("auto-recover = true"), toml);
        assertTrue(toml.contains("read-timeout = \"1m0s\""), toml);
    }
}
