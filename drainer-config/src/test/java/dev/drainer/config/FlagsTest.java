package dev.drainer.config;

import static dev.drainer.config.TestSupport.assertProblem;
import static dev.drainer.config.TestSupport.load;
import static dev.drainer.config.TestSupport.loadProblems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class FlagsTest {
    /** Every flag of spec §9.1 with a sample value and where it lands (null accessor = not in the model). */
    record Row(String flag, String value, Function<DrainerConfig, Object> accessor, Object expected) {
    }

    static List<Row> rows() {
        return List.of(
                new Row("L", "debug", DrainerConfig::logLevel, "debug"),
                new Row("node-id", "n9", DrainerConfig::nodeId, "n9"),
                new Row("addr", "10.9.9.9:9999", DrainerConfig::addr, "10.9.9.9:9999"),
                new Row("advertise-addr", "d.svc:8249", DrainerConfig::advertiseAddr, "d.svc:8249"),
                new Row("data-dir", "/d", DrainerConfig::dataDir, "/d"),
                new Row("detect-interval", "9", DrainerConfig::detectInterval, 9),
                new Row("pd-urls", "http://pd:2379", DrainerConfig::pdUrls, "http://pd:2379"),
                new Row("log-file", "/l.log", DrainerConfig::logFile, "/l.log"),
                new Row("initial-commit-ts", "123", DrainerConfig::initialCommitTs, 123L),
                new Row("synced-check-time", "3", DrainerConfig::syncedCheckTime, 3),
                new Row("compressor", "gzip", DrainerConfig::compressor, "gzip"),
                new Row("config", "", null, null),
                new Row("V", "true", null, null),
                new Row("metrics-addr", "pgw:9091", DrainerConfig::metricsAddr, "pgw:9091"),
                new Row("metrics-interval", "30", DrainerConfig::metricsInterval, 30),
                new Row("cache-binlog-count", "64", DrainerConfig::cacheBinlogCount, 64),
                new Row("log-rotate", "day", null, null),
                new Row("ignore-schemas", "x,y", c -> c.syncer().ignoreSchemas(), "x,y"),
                new Row("txn-batch", "7", c -> c.syncer().txnBatch(), 7),
                new Row("c", "3", c -> c.syncer().workerCount(), 3),
                new Row("loopback-control", "false", null, null),
                new Row("channel-id", "5", c -> c.syncer().channelId(), 5L),
                new Row("sync-ddl", "false", c -> c.syncer().syncDdl(), false),
                new Row("dest-db-type", "tidb", c -> c.syncer().dbType(), DbType.TIDB),
                new Row("safe-mode", "true", c -> c.syncer().safeMode(), true),
                new Row("enable-dispatch", "false", c -> c.syncer().enableDispatch(), false),
                new Row("disable-dispatch", "true", c -> c.syncer().enableDispatch(), false),
                new Row("enable-detect", "false", c -> c.syncer().enableDetect(), false),
                new Row("disable-detect", "true", c -> c.syncer().enableDetect(), false),
                new Row("load-schema-snapshot", "false", null, null),
                new Row("relay-log-dir", "/r", c -> c.syncer().relay().logDir(), "/r"),
                new Row("relay-max-file-size", "2048", c -> c.syncer().relay().maxFileSize(), 2048L));
    }

    @Test
    void flagSetIsExactlyTheSpecFlags() {
        assertEquals(rows().stream().map(Row::flag).toList(), Flags.all().stream().map(FlagSpec::name).toList());
    }

    @TestFactory
    Stream<DynamicTest> everyFlagReachesTheModel() {
        return rows().stream().filter(r -> r.accessor() != null).map(r -> DynamicTest.dynamicTest("-" + r.flag(),
                () -> assertEquals(r.expected(), r.accessor().apply(load(Map.of(), "-" + r.flag() + "=" + r.value())))));
    }

    @Test
    void allGoSyntaxes() {
        for (List<String> args : List.of(List.of("-c=4"), List.of("-c", "4"), List.of("--c=4"), List.of("--c", "4"))) {
            assertEquals(4, load(Map.of(), args.toArray(String[]::new)).syncer().workerCount(), args.toString());
        }
    }

    @Test
    void boolFlagForms() {
        assertTrue(load(Map.of(), "-safe-mode").syncer().safeMode());
        assertTrue(load(Map.of(), "--safe-mode").syncer().safeMode());
        assertTrue(load(Map.of(), "-safe-mode=true").syncer().safeMode());
        assertTrue(load(Map.of(), "-safe-mode=1").syncer().safeMode());
        assertTrue(load(Map.of(), "-safe-mode=T").syncer().safeMode());
        assertFalse(load(Map.of(), "-sync-ddl=false").syncer().syncDdl());
        assertFalse(load(Map.of(), "-sync-ddl=0").syncer().syncDdl());
        assertFalse(load(Map.of(), "--sync-ddl=False").syncer().syncDdl());
    }

    @Test
    void boolFlagDoesNotConsumeTheNextArgument() {
        ParsedFlags p = Flags.parse(List.of("-safe-mode", "false"));
        assertEquals(List.of("false"), p.positional());
        assertProblem(loadProblems(Map.of(), "-safe-mode", "false"), "'false' is not a valid flag");
    }

    @Test
    void goIntegerSyntaxes() {
        assertEquals(16, load(Map.of(), "-c=0x10").syncer().workerCount());
        assertEquals(8, load(Map.of(), "-c=010").syncer().workerCount());
        assertEquals(8, load(Map.of(), "-c=0o10").syncer().workerCount());
        assertEquals(5, load(Map.of(), "-c=0b101").syncer().workerCount());
        assertEquals(1000, load(Map.of(), "-c=1_000").syncer().workerCount());
        assertEquals(-1L, load(Map.of(), "-initial-commit-ts=-1").initialCommitTs());
        assertEquals(5, load(Map.of(), "-c=+5").syncer().workerCount());
        for (String bad : List.of("--5", "1__0", "_1", "0x", "1e3", "", "3000000000")) {
            assertThrows(ConfigException.class, () -> Flags.parse(List.of("-c=" + bad)), bad);
        }
    }

    @Test
    void lastOccurrenceWins() {
        assertEquals(2, load(Map.of(), "-c=1", "-c", "2").syncer().workerCount());
    }

    @Test
    void unknownFlagErrorNamesOnlyTheBadFlagAndAHint() {
        ConfigException e = assertThrows(ConfigException.class, () -> Flags.parse(List.of("-c=2", "-wat=1", "-x")));
        assertEquals(List.of("flag provided but not defined: -wat (run with -h to list the supported flags)"),
                e.problems());
        assertEquals("flag provided but not defined: -cluster-id (run with -h to list the supported flags)",
                assertThrows(ConfigException.class, () -> Flags.parse(List.of("--cluster-id", "7"))).problems().get(0));
    }

    @Test
    void missingValueAndBadSyntaxAndBadValue() {
        assertEquals(List.of("flag needs an argument: -c (run with -h to list the supported flags)"),
                assertThrows(ConfigException.class, () -> Flags.parse(List.of("-c"))).problems());
        assertProblem(assertThrows(ConfigException.class, () -> Flags.parse(List.of("---c=1"))).problems(),
                "bad flag syntax: ---c=1");
        assertProblem(assertThrows(ConfigException.class, () -> Flags.parse(List.of("-=1"))).problems(),
                "bad flag syntax: -=1");
        List<String> p = assertThrows(ConfigException.class,
                () -> Flags.parse(List.of("-c=x", "-safe-mode=maybe"))).problems();
        assertEquals(List.of("invalid value \"x\" for flag -c: parse error: expected an integer",
                "invalid value \"maybe\" for flag -safe-mode: parse error: expected true or false"), p);
    }

    @Test
    void parsingStopsAtFirstNonFlagAndAtDoubleDash() {
        ParsedFlags p = Flags.parse(List.of("-c=2", "recover", "-x"));
        assertEquals(List.of("recover", "-x"), p.positional());
        assertEquals(2, p.get("c").orElseThrow());
        assertEquals(List.of("-c=3"), Flags.parse(List.of("--", "-c=3")).positional());
        assertEquals(List.of("-", "x"), Flags.parse(List.of("-", "x")).positional());
        assertProblem(loadProblems(Map.of(), "-c=2", "extra"), "'extra' is not a valid flag");
    }

    @Test
    void helpAndVersion() {
        assertTrue(Flags.parse(List.of("-h")).helpRequested());
        assertTrue(Flags.parse(List.of("--help")).helpRequested());
        assertTrue(Flags.parse(List.of("-V")).versionRequested());
        assertFalse(Flags.parse(List.of()).versionRequested());
    }

    @Test
    void flagValuesAreValidatedLikeTomlValues() {
        List<String> p = loadProblems(Map.of(), "-dest-db-type=flash", "-loopback-control", "-load-schema-snapshot",
                "-c=0", "-L=verbose", "-pd-urls=pd:2379");
        assertProblem(p, "flag -dest-db-type: \"flash\" is no longer supported");
        assertProblem(p, "flag -loopback-control: true is not supported by this drainer");
        assertProblem(p, "flag -load-schema-snapshot: true is not supported by this drainer");
        assertProblem(p, "flag -c: must be greater than 0");
        assertProblem(p, "flag -L: invalid value \"verbose\"");
        assertProblem(p, "flag -pd-urls: invalid PD URL");
        assertProblem(loadProblems(Map.of(), "-dest-db-type=kafka"), "flag -dest-db-type: \"kafka\" is not supported",
                "mysql, tidb");
    }

    @Test
    void logRotateIsAcceptedAndIgnored() {
        assertEquals(load(Map.of()), load(Map.of(), "-log-rotate=day"));
    }

    @Test
    void configFlagReadsTheFile(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("drainer.toml"), "[syncer]\nbogus = 1\n");
        assertEquals(List.of(f + " line 2: unknown key \"syncer.bogus\""),
                loadProblems(Map.of(), "-config", f.toString()));
        assertProblem(loadProblems(Map.of(), "-config=" + dir.resolve("missing.toml")), "cannot read config file");
    }

    @Test
    void usageListsEveryFlagAndTheEnvironmentRule() {
        String usage = Flags.usage();
        for (FlagSpec f : Flags.all()) {
            assertTrue(usage.contains("\n  -" + f.name() + (f.isBool() ? "" : " ")), f.name());
        }
        assertTrue(usage.contains("BINLOG_SERVER_"));
        assertTrue(usage.contains("-c int\n"));
    }

    @Test
    void envVariableNames() {
        Map<String, String> names = new LinkedHashMap<>();
        for (FlagSpec f : Flags.all()) {
            names.put(f.name(), f.envVariable());
        }
        assertEquals("BINLOG_SERVER_PD_URLS", names.get("pd-urls"));
        assertEquals("BINLOG_SERVER_C", names.get("c"));
        assertEquals("BINLOG_SERVER_L", names.get("L"));
        assertEquals("BINLOG_SERVER_RELAY_MAX_FILE_SIZE", names.get("relay-max-file-size"));
    }
}
