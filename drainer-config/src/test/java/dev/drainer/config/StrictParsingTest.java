package dev.drainer.config;

import static dev.drainer.config.TestSupport.assertProblem;
import static dev.drainer.config.TestSupport.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StrictParsingTest {
    @Test
    void unknownTopLevelKeyNamesKeyAndLine() {
        List<String> p = problems("log-level = \"info\"\n\nfoo = 1\n");
        assertEquals(List.of("drainer.toml line 3: unknown key \"foo\""), p);
    }

    @Test
    void unknownNestedKeysNameFullDottedKeyAndLine() {
        String toml = """
                [syncer]
                txn-batch = 5
                wroker-count = 3

                [syncer.to]
                hots = "db"

                [syncer.to.checkpoint.security]
                ssl-crt = "x"

                [syncer.relay]
                fsnyc = "off"
                """;
        List<String> p = problems(toml);
        assertProblem(p, "drainer.toml line 3: unknown key \"syncer.wroker-count\"", "did you mean \"syncer.worker-count\"");
        assertProblem(p, "drainer.toml line 6: unknown key \"syncer.to.hots\"", "syncer.to.host");
        assertProblem(p, "drainer.toml line 9: unknown key \"syncer.to.checkpoint.security.ssl-crt\"");
        assertProblem(p, "drainer.toml line 12: unknown key \"syncer.relay.fsnyc\"");
        assertEquals(4, p.size(), String.join("\n", p));
    }

    @Test
    void unknownSectionAndDottedKeyAndInlineTableKey() {
        String toml = """
                [foo]
                bar = 1
                [syncer]
                relay.bogus = 1
                ignore-table = [{db-name = "a", tbl-name = "b", extra = 1}]
                """;
        List<String> p = problems(toml);
        assertProblem(p, "drainer.toml line 1: unknown key \"foo\"");
        assertProblem(p, "drainer.toml line 4: unknown key \"syncer.relay.bogus\"");
        assertProblem(p, "drainer.toml line 5: syncer.ignore-table[0].extra: unknown key");
    }

    @Test
    void quotedUnknownKeyIsShownQuoted() {
        assertProblem(problems("[syncer]\n\"a.b\" = 1\n"), "drainer.toml line 2: unknown key \"syncer.\"a.b\"\"");
    }

    @Test
    void malformedTomlReportsLineAndColumn() {
        List<String> p = problems("log-level = \"info\"\naddr = \n");
        assertEquals(1, p.size());
        assertTrue(p.get(0).startsWith("drainer.toml line 2, column 8: malformed TOML: "), p.get(0));
    }

    @Test
    void duplicateKeyIsMalformed() {
        assertProblem(problems("[syncer]\ntxn-batch = 1\ntxn-batch = 2\n"), "drainer.toml line 3", "malformed TOML");
    }

    @Test
    void wrongTypesNameKeyLineValueAndExpectedType() {
        String toml = """
                detect-interval = "10"
                initial-commit-ts = 1.5
                [syncer]
                sync-ddl = "yes"
                replicate-do-db = ["a", 1]
                ignore-txn-commit-ts = "1"
                [syncer.to]
                port = "3306"
                params = {time_zone = 8}
                read-timeout = 60
                [syncer.relay]
                lock-timeout = 30
                """;
        List<String> p = problems(toml);
        assertProblem(p, "drainer.toml line 1: detect-interval: expected an integer, found string \"10\"");
        assertProblem(p, "drainer.toml line 2: initial-commit-ts: expected an integer, found float 1.5");
        assertProblem(p, "drainer.toml line 4: syncer.sync-ddl: expected a boolean, found string \"yes\"");
        assertProblem(p, "drainer.toml line 5: syncer.replicate-do-db: expected an array of strings",
                "element [1] = integer 1");
        assertProblem(p, "drainer.toml line 6: syncer.ignore-txn-commit-ts: expected an array of integers");
        assertProblem(p, "drainer.toml line 8: syncer.to.port: expected an integer, found string \"3306\"");
        assertProblem(p, "drainer.toml line 9: syncer.to.params.time_zone: expected a string, found integer 8");
        assertProblem(p, "drainer.toml line 10: syncer.to.read-timeout: expected a string, found integer 60");
        assertProblem(p, "drainer.toml line 12: syncer.relay.lock-timeout: expected a duration string",
                "found integer 30");
        assertEquals(9, p.size(), String.join("\n", p));
    }

    @Test
    void sectionGivenAsScalarIsATypeError() {
        assertProblem(problems("syncer = 1\n"), "drainer.toml line 1: syncer: expected a table, found integer 1");
    }

    @Test
    void integerOutOfRangeForIntKey() {
        assertProblem(problems("[syncer]\nworker-count = 3000000000\n"),
                "drainer.toml line 2: syncer.worker-count: integer 3000000000 is out of range");
    }

    @Test
    void enumValuesNameKeyLineValueAndAllowedValues() {
        String toml = """
                log-level = "verbose"
                compressor = "zstd"
                [syncer]
                db-type = "print"
                [syncer.relay]
                fsync = "always"
                [syncer.to]
                sync-mode = 7
                [syncer.to.checkpoint]
                type = "redis"
                """;
        List<String> p = problems(toml);
        assertProblem(p, "drainer.toml line 1: log-level: invalid value \"verbose\"",
                "debug, info, warn, error, fatal");
        assertProblem(p, "drainer.toml line 2: compressor: invalid value \"zstd\"", "\"\", gzip");
        assertProblem(p, "drainer.toml line 4: syncer.db-type: unknown db-type \"print\"", "mysql, tidb");
        assertProblem(p, "drainer.toml line 6: syncer.relay.fsync: invalid value \"always\"", "commit, off");
        assertProblem(p, "drainer.toml line 8: syncer.to.sync-mode: invalid value 7", "0, 1");
        assertProblem(p, "drainer.toml line 10: syncer.to.checkpoint.type: invalid value \"redis\"", "mysql, tidb");
    }

    @Test
    void unsupportedDbTypesSayWhatIsSupported() {
        for (String t : List.of("file", "pb", "kafka", "oracle")) {
            assertProblem(problems("[syncer]\ndb-type = \"" + t + "\"\n"), "drainer.toml line 2: syncer.db-type: \""
                    + t + "\" is not supported by this drainer; supported values: mysql, tidb");
        }
        assertProblem(problems("[syncer]\ndb-type = \"flash\"\n"),
                "drainer.toml line 2: syncer.db-type: \"flash\" is no longer supported", "mysql, tidb");
    }

    @Test
    void logLevelIsCaseInsensitiveAndNormalised() {
        assertEquals("warn", TestSupport.parse("log-level = \"WARN\"\n").logLevel());
    }

    @Test
    void allProblemsAreCollectedIntoOneException() {
        String toml = "bogus = 1\n[syncer]\ntxn-batch = 0\nworker-count = -1\n[syncer.to]\nmerge = true\n";
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> TestSupport.parse(toml));
        assertEquals(4, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().startsWith("invalid drainer configuration (4 problems):\n  - "), e.getMessage());
    }

    @Test
    void valueRangesAreChecked() {
        String toml = """
                data-dir = ""
                detect-interval = -1
                initial-commit-ts = -5
                pd-urls = "127.0.0.1:2379"
                addr = "nohost"
                advertise-addr = "0.0.0.0:8249"
                [syncer.to]
                port = 70000
                read-timeout = "0s"
                [syncer.relay]
                lock-timeout = "-1s"
                """;
        List<String> p = problems(toml);
        assertProblem(p, "drainer.toml line 1: data-dir: must not be empty");
        assertProblem(p, "drainer.toml line 2: detect-interval: must not be negative");
        assertProblem(p, "drainer.toml line 3: initial-commit-ts: must be -1");
        assertProblem(p, "drainer.toml line 4: pd-urls: invalid PD URL", "http or https");
        assertProblem(p, "drainer.toml line 5: addr: invalid address \"nohost\"");
        assertProblem(p, "drainer.toml line 6: advertise-addr:", "unspecified");
        assertProblem(p, "drainer.toml line 8: syncer.to.port: must be a port");
        assertProblem(p, "drainer.toml line 9: syncer.to.read-timeout: must be greater than 0");
        assertProblem(p, "drainer.toml line 11: syncer.relay.lock-timeout: must not be negative");
    }

    @Test
    void pdUrlsMustBeHostPortWithoutPath() {
        assertProblem(problems("pd-urls = \"http://pd:2379/x\"\n"), "drainer.toml line 1: pd-urls:", "path");
        assertProblem(problems("pd-urls = \"http://pd\"\n"), "drainer.toml line 1: pd-urls:", "host:port");
        assertProblem(problems("pd-urls = \"http://a:1,,http://b:2\"\n"), "drainer.toml line 1: pd-urls:", "empty");
        assertEquals(List.of("http://a:1", "https://b:2"),
                TestSupport.parse("pd-urls = \"http://a:1, https://b:2\"\n").pdUrlList());
    }

    @Test
    void tableNamePatternsNeedBothNames() {
        assertProblem(problems("[syncer]\nreplicate-do-table = [{db-name = \"a\"}]\n"),
                "drainer.toml line 2: syncer.replicate-do-table[0]: both db-name and tbl-name");
        assertProblem(problems("[syncer]\nignore-table = [\"a.b\"]\n"),
                "drainer.toml line 2: syncer.ignore-table[0]: expected a {db-name");
    }

    @Test
    void tlsPartsWithoutCaOrWithoutPairAreRejected() {
        assertProblem(problems("[security]\nssl-cert = \"c.pem\"\nssl-key = \"k.pem\"\n"),
                "drainer.toml line 2: security.ssl-cert: requires security.ssl-ca");
        assertProblem(problems("[syncer.to.security]\nssl-ca = \"ca.pem\"\nssl-key = \"k.pem\"\n"),
                "drainer.toml line 3: syncer.to.security.ssl-key: requires syncer.to.security.ssl-cert");
    }

    @Test
    void checkpointConnectionKeysWithoutTypeAreRejected() {
        String toml = "[syncer.to.checkpoint]\nschema = \"s\"\nhost = \"h\"\nport = 3307\npassword = \"\"\n";
        List<String> p = problems(toml);
        assertProblem(p, "drainer.toml line 3: syncer.to.checkpoint.host: only used when syncer.to.checkpoint.type");
        assertProblem(p, "drainer.toml line 4: syncer.to.checkpoint.port: only used when");
        assertEquals(2, p.size(), String.join("\n", p)); // an empty password changes nothing
    }

    @Test
    void autoRecoverIsAStrictBoolean() {
        assertEquals(false, TestSupport.parse("[syncer.relay]\nauto-recover = false\n").syncer().relay().autoRecover());
        assertProblem(problems("[syncer.relay]\nauto-recover = \"false\"\n"),
                "drainer.toml line 2: syncer.relay.auto-recover: expected a boolean, found string \"false\"");
        assertProblem(problems("[syncer.relay]\nauto-recovery = false\n"), "drainer.toml line 2: unknown key"
                + " \"syncer.relay.auto-recovery\" (did you mean \"syncer.relay.auto-recover\"?)");
    }

    @Test
    void legacyTimeZoneForms() {
        for (String ok : List.of("Local", "UTC", "Asia/Shanghai", "+08:00", "-05:30")) {
            assertEquals(ok, TestSupport.parse("[syncer.relay]\nlegacy-time-zone = \"" + ok + "\"\n")
                    .syncer().relay().legacyTimeZone());
        }
        assertEquals(java.time.ZoneOffset.ofHours(8), TestSupport.parse(
                "[syncer.relay]\nlegacy-time-zone = \"+08:00\"\n").syncer().relay().legacyZone());
        assertEquals(java.time.ZoneId.of("Asia/Shanghai"), TestSupport.parse(
                "[syncer.relay]\nlegacy-time-zone = \"Asia/Shanghai\"\n").syncer().relay().legacyZone());
        assertEquals(java.time.ZoneId.systemDefault(), TestSupport.parse("").syncer().relay().legacyZone());
        for (String bad : List.of("local", "GMT+8", "+8", "+25:00", "Mars/Base", "")) {
            assertProblem(problems("[syncer.relay]\nlegacy-time-zone = \"" + bad + "\"\n"),
                    "drainer.toml line 2: syncer.relay.legacy-time-zone: invalid");
        }
    }

    @Test
    void sourceNameIsUsedInMessages() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ConfigLoader.parseToml("x = 1", "/etc/drainer/drainer.toml", java.util.Map.of(),
                        TestSupport.HOST));
        assertEquals(List.of("/etc/drainer/drainer.toml line 1: unknown key \"x\""), e.problems());
    }
}
