package dev.drainer.config;

import static dev.drainer.config.TestSupport.assertProblem;
import static dev.drainer.config.TestSupport.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** defaults < toml < BINLOG_SERVER_* < flags, and the dispatch/detect precedence of spec §9.1. */
class PrecedenceTest {
    @TempDir
    Path dir;

    private String file(String toml) throws IOException {
        return Files.writeString(dir.resolve("drainer-" + System.nanoTime() + ".toml"), toml).toString();
    }

    @Test
    void defaultsThenTomlThenEnvThenFlags() throws IOException {
        String f = file("pd-urls = \"http://toml:2379\"\n[syncer]\nworker-count = 2\ntxn-batch = 3\n");
        assertEquals(Defaults.PD_URLS, load(Map.of()).pdUrls());
        DrainerConfig fromToml = load(Map.of(), "-config", f);
        assertEquals("http://toml:2379", fromToml.pdUrls());
        assertEquals(2, fromToml.syncer().workerCount());

        Map<String, String> env = Map.of("BINLOG_SERVER_PD_URLS", "http://env:2379", "BINLOG_SERVER_C", "5");
        DrainerConfig fromEnv = load(env, "-config", f);
        assertEquals("http://env:2379", fromEnv.pdUrls());
        assertEquals(5, fromEnv.syncer().workerCount());
        assertEquals(3, fromEnv.syncer().txnBatch());

        DrainerConfig fromFlags = load(env, "-config", f, "-pd-urls=http://flag:2379", "-c", "7");
        assertEquals("http://flag:2379", fromFlags.pdUrls());
        assertEquals(7, fromFlags.syncer().workerCount());
    }

    @Test
    void envAppliesOnlyToFlagsNotOnTheCommandLineAndEmptyIsIgnored() {
        Map<String, String> env = Map.of("BINLOG_SERVER_TXN_BATCH", "9", "BINLOG_SERVER_DATA_DIR", "",
                "BINLOG_SERVER_SAFE_MODE", "true");
        DrainerConfig c = load(env, "-txn-batch=4");
        assertEquals(4, c.syncer().txnBatch());
        assertEquals(Defaults.DATA_DIR, c.dataDir());
        assertEquals(true, c.syncer().safeMode());
    }

    @Test
    void envConfigVariableSelectsTheFile() throws IOException {
        String f = file("[syncer]\ntxn-batch = 11\n");
        assertEquals(11, load(Map.of("BINLOG_SERVER_CONFIG", f)).syncer().txnBatch());
    }

    @Test
    void badEnvValuesNameTheVariable() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of("BINLOG_SERVER_C", "many")));
        assertEquals(List.of("env BINLOG_SERVER_C: invalid value \"many\" for flag -c: parse error: expected an integer"),
                e.problems());
        assertProblem(assertThrows(ConfigException.class, () -> load(Map.of("BINLOG_SERVER_DEST_DB_TYPE", "kafka")))
                .problems(), "env BINLOG_SERVER_DEST_DB_TYPE (flag -dest-db-type): \"kafka\" is not supported");
    }

    @Test
    void parseTomlIgnoresBinlogServerVariables() {
        DrainerConfig c = ConfigLoader.parseToml("", "x", Map.of("BINLOG_SERVER_C", "3"), TestSupport.HOST);
        assertEquals(Defaults.WORKER_COUNT, c.syncer().workerCount());
    }

    /**
     * Every combination of (-disable flag, disable toml, -enable flag, enable toml), each absent/true/false,
     * against the rule: -disable-* flag > disable-* toml > -enable-* flag > enable-* toml > true.
     */
    @Test
    void dispatchAndDetectPrecedenceMatrix() throws IOException {
        Boolean[] states = {null, true, false};
        for (String what : List.of("dispatch", "detect")) {
            for (Boolean flagDisable : states) {
                for (Boolean tomlDisable : states) {
                    for (Boolean flagEnable : states) {
                        for (Boolean tomlEnable : states) {
                            StringBuilder toml = new StringBuilder("[syncer]\n");
                            if (tomlDisable != null) {
                                toml.append("disable-").append(what).append(" = ").append(tomlDisable).append('\n');
                            }
                            if (tomlEnable != null) {
                                toml.append("enable-").append(what).append(" = ").append(tomlEnable).append('\n');
                            }
                            List<String> args = new ArrayList<>(List.of("-config", file(toml.toString())));
                            if (flagDisable != null) {
                                args.add("-disable-" + what + "=" + flagDisable);
                            }
                            if (flagEnable != null) {
                                args.add("--enable-" + what + "=" + flagEnable);
                            }
                            boolean expected = flagDisable != null ? !flagDisable
                                    : tomlDisable != null ? !tomlDisable
                                    : flagEnable != null ? flagEnable
                                    : tomlEnable == null || tomlEnable;
                            SyncerConfig s = load(Map.of(), args.toArray(String[]::new)).syncer();
                            boolean actual = what.equals("dispatch") ? s.enableDispatch() : s.enableDetect();
                            assertEquals(expected, actual, args + " " + toml);
                        }
                    }
                }
            }
        }
    }

    @Test
    void spotChecksOfDispatchPrecedence() {
        // -disable flag beats a toml enable; toml disable beats an -enable flag
        assertEquals(false, ConfigResolver.precedence(true, null, null, true));
        assertEquals(false, ConfigResolver.precedence(null, true, true, null));
        assertEquals(true, ConfigResolver.precedence(false, true, null, null));
        assertEquals(true, ConfigResolver.precedence(null, null, null, null));
    }

    @Test
    void envDisableCountsAsAFlag() throws IOException {
        String f = file("[syncer]\ndisable-dispatch = false\n");
        assertEquals(false, load(Map.of("BINLOG_SERVER_DISABLE_DISPATCH", "true"), "-config", f)
                .syncer().enableDispatch());
    }

    @Test
    void workerCountForcedToOneWhenDispatchDisabled() throws IOException {
        assertEquals(1, load(Map.of(), "-c=8", "-enable-dispatch=false").syncer().workerCount());
        assertEquals(1, TestSupport.parse("[syncer]\nworker-count = 8\ndisable-dispatch = true\n").syncer().workerCount());
        assertEquals(8, load(Map.of(), "-c=8", "-disable-detect").syncer().workerCount());
    }

    @Test
    void zeroAndNegativeAdjustments() {
        DrainerConfig c = TestSupport.parse("detect-interval = 0\n[syncer.relay]\nmax-file-size = 0\n");
        assertEquals(Defaults.DETECT_INTERVAL, c.detectInterval());
        assertEquals(10_485_760L, c.syncer().relay().maxFileSize());
        assertEquals(10_485_760L, load(Map.of(), "-relay-max-file-size=-5").syncer().relay().maxFileSize());
    }
}
