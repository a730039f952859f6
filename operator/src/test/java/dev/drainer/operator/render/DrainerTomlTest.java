package dev.drainer.operator.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.config.ConfigLoader;
import dev.drainer.config.DbType;
import dev.drainer.config.DrainerConfig;
import dev.drainer.config.RelayFsync;
import dev.drainer.config.TableName;
import dev.drainer.operator.Fixtures;
import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DownstreamType;
import dev.drainer.operator.api.TableRef;
import dev.drainer.operator.api.TlsSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrainerTomlTest {
    private static final Names NAMES = new Names("d1", "prod");

    private static DrainerConfig parsedBack(Drainer d, Map<String, String> env) {
        String toml = DrainerToml.render(DrainerToml.config(d.getSpec(), NAMES));
        return ConfigLoader.parseToml(toml, "configmap", env, DrainerToml.NO_HOST);
    }

    @Test
    void pdTlsBecomesTheSecuritySectionPointingIntoItsMountedSecret() {
        Drainer d = Fixtures.drainer("prod", "d1");
        d.getSpec().pd.endpoints = List.of("https://pd-0:2379");
        d.getSpec().pd.tls = new TlsSpec();
        d.getSpec().pd.tls.secretName = "cluster-client";
        d.getSpec().pd.tls.caKey = "root.pem";
        DrainerConfig c = parsedBack(d, Map.of("MYSQL_PSWD", "x"));
        assertEquals("https://pd-0:2379", c.pdUrls());
        assertEquals(DrainerToml.PD_TLS_DIR + "/root.pem", c.security().sslCa());
        assertEquals(DrainerToml.PD_TLS_DIR + "/tls.crt", c.security().sslCert());
        assertEquals(DrainerToml.PD_TLS_DIR + "/tls.key", c.security().sslKey());
        assertEquals("", c.syncer().to().security().sslCa(), "the downstream keeps its own TLS");
    }

    @Test
    void typedFieldsAndPodIdentityReachTheDrainer() {
        Drainer d = Fixtures.drainer("prod", "d1");
        d.getSpec().pd.endpoints = List.of("http://pd-0:2379", "http://pd-1:2379");
        d.getSpec().downstream.tls = new TlsSpec();
        d.getSpec().downstream.tls.secretName = "db-tls";
        d.getSpec().downstream.type = DownstreamType.TIDB;
        d.getSpec().downstream.port = 4000;
        d.getSpec().downstream.user = "repl";
        d.getSpec().checkpoint.schema = "cp";
        d.getSpec().initialCommitTS = 424242;
        d.getSpec().syncer.workerCount = 4;
        d.getSpec().syncer.txnBatch = 7;
        d.getSpec().syncer.safeMode = true;
        d.getSpec().syncer.ignoreSchemas = List.of("mysql", "tmp");
        d.getSpec().syncer.ignoreTables = List.of(table("a", "skip"));
        d.getSpec().syncer.replicateDoDbs = List.of("a", "c");
        d.getSpec().syncer.replicateDoTables = List.of(table("a", "b"));
        d.getSpec().relayLog.maxFileSize = 4096;

        DrainerConfig c = parsedBack(d, Map.of("MYSQL_PSWD", "from-secret"));
        assertEquals("d1-0:8249", c.nodeId());
        assertEquals("0.0.0.0:8249", c.addr());
        assertEquals("d1-0.d1.prod.svc:8249", c.advertiseAddr());
        assertEquals("/var/lib/drainer/data", c.dataDir());
        assertEquals("http://pd-0:2379,http://pd-1:2379", c.pdUrls());
        assertEquals("", c.security().sslCa(), "no spec.pd.tls: no [security]");
        assertEquals("/etc/drainer/tls/downstream/ca.crt", c.syncer().to().security().sslCa());
        assertEquals("/etc/drainer/tls/downstream/tls.crt", c.syncer().to().security().sslCert());
        assertEquals("/etc/drainer/tls/downstream/tls.key", c.syncer().to().security().sslKey());
        assertEquals(424242L, c.initialCommitTs());
        assertEquals(DbType.TIDB, c.syncer().dbType());
        assertEquals(4, c.syncer().workerCount());
        assertEquals(7, c.syncer().txnBatch());
        assertTrue(c.syncer().safeMode());
        assertEquals("mysql,tmp", c.syncer().ignoreSchemas());
        assertEquals(List.of(new TableName("a", "skip")), c.syncer().ignoreTables());
        assertEquals(List.of("a", "c"), c.syncer().replicateDoDbs());
        assertEquals(List.of(new TableName("a", "b")), c.syncer().replicateDoTables());
        assertEquals("/var/lib/drainer/relay", c.syncer().relay().logDir());
        assertEquals(4096L, c.syncer().relay().maxFileSize());
        assertFalse(c.syncer().relay().autoRecover(), "only the operator's Job recovers in Kubernetes");
        assertEquals("db", c.syncer().to().host());
        assertEquals(4000, c.syncer().to().port());
        assertEquals("repl", c.syncer().to().user());
        assertEquals("from-secret", c.syncer().to().password().reveal(), "the password comes from MYSQL_PSWD");
        assertEquals("cp", c.syncer().to().checkpoint().schema());
    }

    private static TableRef table(String schema, String name) {
        TableRef t = new TableRef();
        t.schema = schema;
        t.table = name;
        return t;
    }

    @Test
    void thePasswordIsNeverRendered() {
        Drainer d = Fixtures.drainer("prod", "d1");
        String toml = DrainerToml.render(DrainerToml.config(d.getSpec(), NAMES));
        assertFalse(toml.lines().anyMatch(l -> l.startsWith("password")), toml);
        assertTrue(toml.contains("auto-recover = false"), toml);
    }

    @Test
    void rawConfigGivesTheKeysWithoutATypedField() {
        Drainer d = Fixtures.drainer("prod", "d1");
        d.getSpec().config = "log-level = \"debug\"\n[syncer]\nsql-mode = \"STRICT_TRANS_TABLES\"\n"
                + "[syncer.relay]\nfsync = \"off\"\nlock-timeout = \"5s\"\n[syncer.to.params]\ntime_zone = \"+08:00\"\n";
        DrainerConfig c = parsedBack(d, Map.of());
        assertEquals("debug", c.logLevel());
        assertEquals("STRICT_TRANS_TABLES", c.syncer().sqlMode().orElseThrow());
        assertEquals(RelayFsync.OFF, c.syncer().relay().fsync());
        assertEquals(Duration.ofSeconds(5), c.syncer().relay().lockTimeout());
        assertEquals(Map.of("time_zone", "+08:00"), c.syncer().to().params());
    }

    @Test
    void rawKeysOwnedByTypedFieldsAreConflictsNamingBoth() {
        assertEquals(List.of("spec.config key syncer.relay.auto-recover conflicts with the operator (only its recovery"
                                + " Job recovers in Kubernetes); remove it",
                        "spec.config key syncer.to.checkpoint.host conflicts with spec.checkpoint.database (a separate"
                                + " checkpoint database is not supported); remove it",
                        "spec.config key syncer.worker-count conflicts with spec.syncer.workerCount; set it there"),
                RawConfig.conflicts("[syncer]\nworker-count = 3\n[syncer.relay]\nauto-recover = true\n"
                        + "[syncer.to.checkpoint]\nhost = \"x\"\n"));
        assertEquals(List.of(), RawConfig.conflicts("[syncer]\nsync-ddl = false\n"));
    }

    @Test
    void rawCertAllowedCnIsRefusedSinceTheProbesCouldNotPassIt() {
        assertEquals(List.of("spec.config key security.cert-allowed-cn conflicts with the operator (kubelet's HTTPS"
                        + " probes present no client certificate, which a drainer with cert-allowed-cn refuses); remove it",
                "spec.config key security.ssl-ca conflicts with spec.pd.tls; set it there"),
                RawConfig.conflicts("[security]\ncert-allowed-cn = [\"pump\"]\nssl-ca = \"/ca.pem\"\n"));
    }
}
