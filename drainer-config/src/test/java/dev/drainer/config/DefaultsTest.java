package dev.drainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The defaults of spec §9.1 (and of our extension keys), spelled out independently of {@link Defaults}. */
class DefaultsTest {
    @Test
    void emptyConfigHasTheSpecDefaults() {
        DrainerConfig c = ConfigLoader.defaults(Map.of(), TestSupport.HOST);
        assertEquals("info", c.logLevel());
        assertEquals("drainer-host:8249", c.nodeId());
        assertEquals("10.1.2.3:8249", c.addr());
        assertEquals("10.1.2.3:8249", c.advertiseAddr());
        assertEquals("data.drainer", c.dataDir());
        assertEquals(5, c.detectInterval());
        assertEquals("http://127.0.0.1:2379", c.pdUrls());
        assertEquals("", c.logFile());
        assertEquals(-1L, c.initialCommitTs());
        assertEquals(5, c.syncedCheckTime());
        assertEquals("", c.compressor());
        assertEquals(new TlsConfig("", "", "", List.of()), c.security());
        assertEquals("", c.metricsAddr());
        assertEquals(15, c.metricsInterval());
        assertEquals(8, c.cacheBinlogCount());

        SyncerConfig s = c.syncer();
        assertEquals(Optional.empty(), s.sqlMode());
        assertEquals(List.of(), s.ignoreTxnCommitTs());
        assertEquals("INFORMATION_SCHEMA,PERFORMANCE_SCHEMA,mysql", s.ignoreSchemas());
        assertEquals(List.of("INFORMATION_SCHEMA", "PERFORMANCE_SCHEMA", "mysql"), s.ignoreSchemaList());
        assertEquals(List.of(), s.ignoreTables());
        assertEquals(List.of(), s.replicateDoDbs());
        assertEquals(List.of(), s.replicateDoTables());
        assertEquals(20, s.txnBatch());
        assertEquals(16, s.workerCount());
        assertEquals(0L, s.channelId());
        assertEquals(true, s.syncDdl());
        assertEquals(DbType.MYSQL, s.dbType());
        assertEquals(false, s.safeMode());
        assertEquals(true, s.enableDispatch());
        assertEquals(true, s.enableDetect());
        assertEquals(false, s.caseSensitive());

        RelayConfig r = s.relay();
        assertEquals("", r.logDir());
        assertEquals(false, r.enabled());
        assertEquals(10485760L, r.maxFileSize());
        assertEquals(RelayFsync.COMMIT, r.fsync());
        assertEquals(Duration.ofSeconds(30), r.lockTimeout());
        assertEquals("Local", r.legacyTimeZone());
        assertEquals(true, r.autoRecover());

        DestinationConfig to = s.to();
        assertEquals("localhost", to.host());
        assertEquals(3306, to.port());
        assertEquals("root", to.user());
        assertEquals(Secret.EMPTY, to.password());
        assertEquals("", to.passwordFile());
        assertEquals(Duration.ofMinutes(1), to.readTimeout());
        assertEquals(Map.of(), to.params());
        assertEquals(TlsConfig.NONE, to.security());

        CheckpointConfig cp = to.checkpoint();
        assertEquals(Optional.empty(), cp.type());
        assertEquals("tidb_binlog", cp.schema());
        assertEquals("checkpoint", cp.table());
    }

    @Test
    void emptyStringsFallBackToDefaultsLikeUpstream() {
        DrainerConfig c = TestSupport.parse("[syncer.to]\nread-timeout = \"\"\n[syncer.to.checkpoint]\nschema = \"\"\n"
                + "table = \"\"\n");
        assertEquals(Duration.ofMinutes(1), c.syncer().to().readTimeout());
        assertEquals("tidb_binlog", c.syncer().to().checkpoint().schema());
        assertEquals("checkpoint", c.syncer().to().checkpoint().table());
    }

    @Test
    void loadWithoutArgumentsEqualsDefaults() {
        assertEquals(ConfigLoader.defaults(Map.of(), TestSupport.HOST), TestSupport.load(Map.of()));
    }
}
