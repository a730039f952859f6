package dev.drainer.config;

import static dev.drainer.config.TestSupport.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enumerates every drainer.toml key of spec §9.1 (plus our extension keys) with a sample value, and
 * checks that each is either visible in the model or rejected with a message naming the key and its line.
 */
class SpecKeysTest {
    @TempDir
    static Path tmp;

    /** One key: where to put it, a sample value, and the expected accessor value (null = rejected). */
    record Row(String key, String value, String prelude, String inSection, Function<DrainerConfig, Object> accessor,
               Object expected, String neutralValue) {
        String section() {
            int dot = key.lastIndexOf('.');
            return dot < 0 ? "" : key.substring(0, dot);
        }

        String leaf() {
            return key.substring(key.lastIndexOf('.') + 1);
        }

        boolean rejected() {
            return accessor == null;
        }
    }

    private static final String CP_TYPE = "[syncer.to.checkpoint]\ntype = \"mysql\"";

    static Row model(String key, String value, Function<DrainerConfig, Object> accessor, Object expected) {
        return new Row(key, value, "", "", accessor, expected, null);
    }

    static Row model(String key, String value, String prelude, String inSection,
                     Function<DrainerConfig, Object> accessor, Object expected) {
        return new Row(key, value, prelude, inSection, accessor, expected, null);
    }

    static Row rejected(String key, String value, String neutralValue) {
        return new Row(key, value, "", "", null, null, neutralValue);
    }

    static List<Row> rows() throws IOException {
        Path pwFile = Files.writeString(tmp.resolve("pw"), "s3cret\n");
        List<Row> r = new ArrayList<>();
        // top level
        r.add(model("log-level", "\"debug\"", DrainerConfig::logLevel, "debug"));
        r.add(model("node-id", "\"n1\"", DrainerConfig::nodeId, "n1"));
        r.add(model("addr", "\"10.0.0.1:9000\"", DrainerConfig::addr, "10.0.0.1:9000"));
        r.add(model("advertise-addr", "\"drainer-0.svc:8249\"", DrainerConfig::advertiseAddr, "drainer-0.svc:8249"));
        r.add(model("data-dir", "\"/data\"", DrainerConfig::dataDir, "/data"));
        r.add(model("detect-interval", "10", DrainerConfig::detectInterval, 10));
        r.add(model("pd-urls", "\"http://pd:2379,https://pd2:2379\"", DrainerConfig::pdUrls,
                "http://pd:2379,https://pd2:2379"));
        r.add(model("log-file", "\"/tmp/d.log\"", DrainerConfig::logFile, "/tmp/d.log"));
        r.add(model("initial-commit-ts", "4242", DrainerConfig::initialCommitTs, 4242L));
        r.add(model("synced-check-time", "7", DrainerConfig::syncedCheckTime, 7));
        r.add(model("compressor", "\"gzip\"", DrainerConfig::compressor, "gzip"));
        r.add(model("security.ssl-ca", "\"ca.pem\"", c -> c.security().sslCa(), "ca.pem"));
        r.add(model("security.ssl-cert", "\"c.pem\"", "", "ssl-ca = \"ca.pem\"\nssl-key = \"k.pem\"",
                c -> c.security().sslCert(), "c.pem"));
        r.add(model("security.ssl-key", "\"k.pem\"", "", "ssl-ca = \"ca.pem\"\nssl-cert = \"c.pem\"",
                c -> c.security().sslKey(), "k.pem"));
        r.add(model("security.cert-allowed-cn", "[\"a\", \"b\"]", "", "ssl-ca = \"ca.pem\"",
                c -> c.security().certAllowedCn(), List.of("a", "b")));
        // [syncer]
        r.add(model("syncer.sql-mode", "\"STRICT_TRANS_TABLES\"", c -> c.syncer().sqlMode(),
                Optional.of("STRICT_TRANS_TABLES")));
        r.add(model("syncer.ignore-txn-commit-ts", "[1, 2]", c -> c.syncer().ignoreTxnCommitTs(), List.of(1L, 2L)));
        r.add(model("syncer.ignore-schemas", "\"a,b\"", c -> c.syncer().ignoreSchemas(), "a,b"));
        r.add(model("syncer.ignore-table", "[{db-name = \"d\", tbl-name = \"t\"}]", c -> c.syncer().ignoreTables(),
                List.of(new TableName("d", "t"))));
        r.add(model("syncer.replicate-do-db", "[\"d1\"]", c -> c.syncer().replicateDoDbs(), List.of("d1")));
        r.add(model("syncer.replicate-do-table", "[{db-name = \"d\", tbl-name = \"~t.*\"}]",
                c -> c.syncer().replicateDoTables(), List.of(new TableName("d", "~t.*"))));
        r.add(model("syncer.txn-batch", "50", c -> c.syncer().txnBatch(), 50));
        r.add(model("syncer.worker-count", "4", c -> c.syncer().workerCount(), 4));
        r.add(rejected("syncer.loopback-control", "true", "false"));
        r.add(model("syncer.channel-id", "3", c -> c.syncer().channelId(), 3L));
        r.add(model("syncer.sync-ddl", "false", c -> c.syncer().syncDdl(), false));
        r.add(model("syncer.db-type", "\"tidb\"", c -> c.syncer().dbType(), DbType.TIDB));
        r.add(rejected("syncer.db-type", "\"kafka\"", "\"mysql\""));
        r.add(model("syncer.safe-mode", "true", c -> c.syncer().safeMode(), true));
        r.add(model("syncer.enable-dispatch", "false", c -> c.syncer().enableDispatch(), false));
        r.add(model("syncer.disable-dispatch", "true", c -> c.syncer().enableDispatch(), false));
        r.add(model("syncer.enable-detect", "false", c -> c.syncer().enableDetect(), false));
        r.add(model("syncer.disable-detect", "true", c -> c.syncer().enableDetect(), false));
        r.add(rejected("syncer.load-schema-snapshot", "true", "false"));
        r.add(model("syncer.case-sensitive", "true", c -> c.syncer().caseSensitive(), true));
        r.add(rejected("syncer.table-migrate-rule",
                "[{binlog-filter-rule = [\"r\"], source = {schema = \"a\", table = \"b\"}}]", "[]"));
        r.add(rejected("syncer.binlog-filter-rule", "{r1 = {ignore-event = [\"insert\"], ignore-sql = []}}", "{}"));
        // [syncer.relay]
        r.add(model("syncer.relay.log-dir", "\"/relay\"", c -> c.syncer().relay().logDir(), "/relay"));
        r.add(model("syncer.relay.max-file-size", "1024", c -> c.syncer().relay().maxFileSize(), 1024L));
        r.add(model("syncer.relay.fsync", "\"off\"", c -> c.syncer().relay().fsync(), RelayFsync.OFF));
        r.add(model("syncer.relay.lock-timeout", "\"1m30s\"", c -> c.syncer().relay().lockTimeout(),
                Duration.ofSeconds(90)));
        r.add(model("syncer.relay.legacy-time-zone", "\"+08:00\"", c -> c.syncer().relay().legacyTimeZone(),
                "+08:00"));
        r.add(model("syncer.relay.auto-recover", "false", c -> c.syncer().relay().autoRecover(), false));
        // [syncer.to]
        r.add(model("syncer.to.host", "\"db\"", c -> c.syncer().to().host(), "db"));
        r.add(model("syncer.to.port", "4000", c -> c.syncer().to().port(), 4000));
        r.add(model("syncer.to.user", "\"u\"", c -> c.syncer().to().user(), "u"));
        r.add(model("syncer.to.password", "\"pw\"", c -> c.syncer().to().password().reveal(), "pw"));
        r.add(model("syncer.to.password-file", "\"" + tomlPath(pwFile) + "\"",
                c -> c.syncer().to().password().reveal(), "s3cret"));
        r.add(rejected("syncer.to.encrypted_password", "\"aGVsbG8=\"", null));
        r.add(rejected("syncer.to.sync-mode", "2", "1"));
        r.add(model("syncer.to.read-timeout", "\"30s\"", c -> c.syncer().to().readTimeout(), Duration.ofSeconds(30)));
        r.add(model("syncer.to.params", "{time_zone = \"+08:00\"}", c -> c.syncer().to().params(),
                Map.of("time_zone", "+08:00")));
        r.add(rejected("syncer.to.merge", "true", "false"));
        r.add(model("syncer.to.security.ssl-ca", "\"ca.pem\"", c -> c.syncer().to().security().sslCa(), "ca.pem"));
        r.add(model("syncer.to.security.ssl-cert", "\"c.pem\"", "", "ssl-ca = \"ca.pem\"\nssl-key = \"k.pem\"",
                c -> c.syncer().to().security().sslCert(), "c.pem"));
        r.add(model("syncer.to.security.ssl-key", "\"k.pem\"", "", "ssl-ca = \"ca.pem\"\nssl-cert = \"c.pem\"",
                c -> c.syncer().to().security().sslKey(), "k.pem"));
        r.add(rejected("syncer.to.security.cert-allowed-cn", "[\"x\"]", "[]"));
        r.add(rejected("syncer.to.dir", "\"/binlog\"", "\"\""));
        r.add(rejected("syncer.to.retention-time", "7", "0"));
        r.add(rejected("syncer.to.zookeeper-addrs", "\"zk:2181\"", "\"\""));
        r.add(rejected("syncer.to.kafka-addrs", "\"k:9092\"", "\"\""));
        r.add(rejected("syncer.to.kafka-version", "\"2.0.0\"", "\"\""));
        r.add(rejected("syncer.to.kafka-max-messages", "1024", "0"));
        r.add(rejected("syncer.to.kafka-client-id", "\"c\"", "\"\""));
        r.add(rejected("syncer.to.kafka-max-message-size", "1073741824", "0"));
        r.add(rejected("syncer.to.topic-name", "\"t\"", "\"\""));
        r.add(rejected("syncer.to.oracle-service-name", "\"svc\"", "\"\""));
        r.add(rejected("syncer.to.oracle-connect-string", "\"cs\"", "\"\""));
        // [syncer.to.checkpoint]
        r.add(model("syncer.to.checkpoint.type", "\"tidb\"", c -> c.syncer().to().checkpoint().type(),
                Optional.of(DbType.TIDB)));
        r.add(rejected("syncer.to.checkpoint.type", "\"oracle\"", "\"\""));
        r.add(model("syncer.to.checkpoint.schema", "\"cp_schema\"", c -> c.syncer().to().checkpoint().schema(),
                "cp_schema"));
        r.add(model("syncer.to.checkpoint.table", "\"cp_table\"", c -> c.syncer().to().checkpoint().table(),
                "cp_table"));
        r.add(model("syncer.to.checkpoint.host", "\"cphost\"", "", "type = \"mysql\"",
                c -> c.syncer().to().checkpoint().host(), "cphost"));
        r.add(model("syncer.to.checkpoint.port", "3307", "", "type = \"mysql\"",
                c -> c.syncer().to().checkpoint().port(), 3307));
        r.add(model("syncer.to.checkpoint.user", "\"cpu\"", "", "type = \"mysql\"",
                c -> c.syncer().to().checkpoint().user(), "cpu"));
        r.add(model("syncer.to.checkpoint.password", "\"cppw\"", "", "type = \"mysql\"",
                c -> c.syncer().to().checkpoint().password().reveal(), "cppw"));
        r.add(rejected("syncer.to.checkpoint.encrypted_password", "\"aGVsbG8=\"", null));
        r.add(model("syncer.to.checkpoint.security.ssl-ca", "\"ca.pem\"", CP_TYPE, "",
                c -> c.syncer().to().checkpoint().security().sslCa(), "ca.pem"));
        r.add(model("syncer.to.checkpoint.security.ssl-cert", "\"c.pem\"", CP_TYPE,
                "ssl-ca = \"ca.pem\"\nssl-key = \"k.pem\"", c -> c.syncer().to().checkpoint().security().sslCert(),
                "c.pem"));
        r.add(model("syncer.to.checkpoint.security.ssl-key", "\"k.pem\"", CP_TYPE,
                "ssl-ca = \"ca.pem\"\nssl-cert = \"c.pem\"", c -> c.syncer().to().checkpoint().security().sslKey(),
                "k.pem"));
        r.add(rejected("syncer.to.checkpoint.security.cert-allowed-cn", "[\"x\"]", "[]"));
        r.add(rejected("syncer.to.checkpoint.oracle-service-name", "\"svc\"", "\"\""));
        r.add(rejected("syncer.to.checkpoint.oracle-connect-string", "\"cs\"", "\"\""));
        return r;
    }

    private static String tomlPath(Path p) {
        return p.toString().replace("\\", "\\\\");
    }

    /** The file for one row, and the line of the key in it. */
    record Doc(String text, int line) {
    }

    static Doc doc(Row row, String value) {
        List<String> lines = new ArrayList<>();
        lines.add("# generated for " + row.key());
        if (!row.prelude().isEmpty()) {
            lines.addAll(List.of(row.prelude().split("\n")));
        }
        if (!row.section().isEmpty()) {
            lines.add("[" + row.section() + "]");
        }
        if (!row.inSection().isEmpty()) {
            lines.addAll(List.of(row.inSection().split("\n")));
        }
        lines.add(row.leaf() + " = " + value);
        return new Doc(String.join("\n", lines) + "\n", lines.size());
    }

    @TestFactory
    Stream<DynamicTest> everySpecKeyIsModelledOrRejectedWithKeyAndLine() throws IOException {
        return rows().stream().map(row -> DynamicTest.dynamicTest(row.key() + " = " + row.value(), () -> {
            Doc d = doc(row, row.value());
            if (row.rejected()) {
                List<String> problems = assertThrows(ConfigException.class, () -> TestSupport.parse(d.text()),
                        d.text()).problems();
                assertProblem(problems, "drainer.toml line " + d.line() + ": " + row.key() + ": ");
                assertProblem(problems, "drainer.toml line " + d.line(), "not supported");
            } else {
                assertEquals(row.expected(), row.accessor().apply(TestSupport.parse(d.text())), d.text());
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> rejectedKeysAcceptTheirBehaviourNeutralValue() throws IOException {
        return rows().stream().filter(r -> r.rejected() && r.neutralValue() != null)
                .map(row -> DynamicTest.dynamicTest(row.key() + " = " + row.neutralValue(), () -> {
                    DrainerConfig neutral = TestSupport.parse(doc(row, row.neutralValue()).text());
                    assertEquals(TestSupport.parse(""), neutral);
                }));
    }

    @Test
    void tableCoversExactlyTheRegisteredKeys() throws IOException {
        Set<String> inTable = rows().stream().map(Row::key).collect(Collectors.toCollection(TreeSet::new));
        Set<String> registered = new TreeSet<>(Settings.tomlKeys());
        if (!inTable.equals(registered)) {
            Set<String> missing = new TreeSet<>(registered);
            missing.removeAll(inTable);
            Set<String> extra = new TreeSet<>(inTable);
            extra.removeAll(registered);
            fail("registered but not in the table: " + missing + "; in the table but not registered: " + extra);
        }
    }

    @Test
    void binlogFilterRuleAsSectionIsRejectedNamingItsLine() {
        String toml = "[syncer]\nworker-count = 2\n\n[syncer.binlog-filter-rule.r1]\nignore-event = [\"insert\"]\n";
        List<String> problems = TestSupport.problems(toml);
        assertProblem(problems, "drainer.toml line 4: syncer.binlog-filter-rule: ", "r1", "not supported");
    }

    @Test
    void tableMigrateRuleAsArrayOfTablesIsRejected() {
        String toml = "[[syncer.table-migrate-rule]]\nbinlog-filter-rule = [\"r\"]\n";
        assertProblem(TestSupport.problems(toml), "drainer.toml line 1: syncer.table-migrate-rule: ",
                "not supported");
    }
}
