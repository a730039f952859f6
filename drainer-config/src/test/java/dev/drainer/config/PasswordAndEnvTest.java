package dev.drainer.config;

import static dev.drainer.config.TestSupport.assertProblem;
import static dev.drainer.config.TestSupport.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** [syncer.to] defaults from MYSQL_* variables, password sources, and masking. */
class PasswordAndEnvTest {
    @TempDir
    Path dir;

    @Test
    void toDefaultsWithoutEnvironment() {
        DestinationConfig to = parse("").syncer().to();
        assertEquals("localhost", to.host());
        assertEquals(3306, to.port());
        assertEquals("root", to.user());
        assertEquals(Secret.EMPTY, to.password());
    }

    @Test
    void toDefaultsFromMysqlVariables() {
        Map<String, String> env = Map.of("MYSQL_HOST", "db.svc", "MYSQL_PORT", "4000", "MYSQL_USER", "drainer",
                "MYSQL_PSWD", "pw-from-env");
        DestinationConfig to = parse("", env).syncer().to();
        assertEquals("db.svc", to.host());
        assertEquals(4000, to.port());
        assertEquals("drainer", to.user());
        assertEquals("pw-from-env", to.password().reveal());
    }

    @Test
    void tomlValuesBeatMysqlVariables() {
        Map<String, String> env = Map.of("MYSQL_HOST", "db.svc", "MYSQL_PORT", "4000", "MYSQL_USER", "drainer",
                "MYSQL_PSWD", "pw-from-env");
        DestinationConfig to = parse("[syncer.to]\nhost = \"h\"\nport = 3307\nuser = \"u\"\npassword = \"p\"\n", env)
                .syncer().to();
        assertEquals(List.of("h", 3307, "u", "p"), List.of(to.host(), to.port(), to.user(), to.password().reveal()));
    }

    @Test
    void emptyTomlPasswordFallsBackToMysqlPswdLikeUpstream() {
        assertEquals("e", parse("[syncer.to]\npassword = \"\"\n", Map.of("MYSQL_PSWD", "e")).syncer().to()
                .password().reveal());
    }

    @Test
    void invalidMysqlPortIsReported() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("", Map.of("MYSQL_PORT", "db")));
        assertEquals(List.of("env MYSQL_PORT: invalid port \"db\"; expected a number from 1 to 65535"), e.problems());
    }

    @Test
    void passwordFileTrailingNewlinesStripped() throws IOException {
        Path f = Files.writeString(dir.resolve("pw"), "p@ss word \r\n\n");
        DestinationConfig to = parse("[syncer.to]\npassword-file = \"" + f + "\"\n", Map.of("MYSQL_PSWD", "env"))
                .syncer().to();
        assertEquals("p@ss word ", to.password().reveal());
        assertEquals(f.toString(), to.passwordFile());
    }

    @Test
    void passwordAndPasswordFileTogetherIsAnError() throws IOException {
        Path f = Files.writeString(dir.resolve("pw"), "x");
        List<String> p = TestSupport.problems("[syncer.to]\npassword = \"a\"\npassword-file = \"" + f + "\"\n");
        assertEquals(List.of("drainer.toml line 3: syncer.to.password-file: cannot be combined with syncer.to.password"
                + " (drainer.toml line 2: syncer.to.password); set only one of them"), p);
    }

    @Test
    void unreadablePasswordFileIsAnError() {
        assertProblem(TestSupport.problems("[syncer.to]\npassword-file = \"" + dir.resolve("nope") + "\"\n"),
                "drainer.toml line 2: syncer.to.password-file: cannot read password file");
    }

    @Test
    void checkpointPasswordHasNoEnvFallback() {
        DrainerConfig c = parse("[syncer.to.checkpoint]\ntype = \"mysql\"\n", Map.of("MYSQL_PSWD", "e"));
        assertEquals(Secret.EMPTY, c.syncer().to().checkpoint().password());
        assertEquals("e", c.syncer().to().password().reveal());
    }

    @Test
    void passwordsNeverAppearInToString() throws IOException {
        Path f = Files.writeString(dir.resolve("pw"), "FILE-SECRET\n");
        String toml = "[syncer.to]\npassword-file = \"" + f + "\"\n[syncer.to.checkpoint]\ntype = \"tidb\"\n"
                + "password = \"CP-SECRET\"\n";
        DrainerConfig c = parse(toml);
        String s = c.toString() + c.checkpointEndpoint() + c.syncer().to().endpoint();
        assertFalse(s.contains("FILE-SECRET"), s);
        assertFalse(s.contains("CP-SECRET"), s);
        assertTrue(s.contains("password=******"), s);
        assertFalse(parse("", Map.of("MYSQL_PSWD", "ENV-SECRET")).toString().contains("ENV-SECRET"));
        assertEquals("<empty>", Secret.EMPTY.toString());
    }

    @Test
    void checkpointEndpointFollowsTypeRule() {
        DrainerConfig same = parse("[syncer.to]\nhost = \"down\"\npassword = \"p\"\n[syncer.to.checkpoint]\n"
                + "schema = \"s\"\n");
        assertEquals(same.syncer().to().endpoint(), same.checkpointEndpoint());
        assertEquals(DbType.MYSQL, same.checkpointType());
        assertEquals("s", same.syncer().to().checkpoint().schema());

        DrainerConfig own = parse("[syncer]\ndb-type = \"tidb\"\n[syncer.to.checkpoint]\ntype = \"mysql\"\n");
        assertEquals(new DbEndpoint("127.0.0.1", 3306, "root", Secret.EMPTY, TlsConfig.NONE), own.checkpointEndpoint());
        assertEquals(DbType.MYSQL, own.checkpointType());
        assertEquals(DbType.TIDB, parse("[syncer]\ndb-type = \"tidb\"\n").checkpointType());
    }

    @Test
    void aMistypedOrMalformedPasswordIsReportedWithoutItsValue() {
        for (String toml : List.of("[syncer.to]\npassword = 715243\n", "[syncer.to]\npassword = [\"715243\"]\n",
                "[syncer.to]\npassword = 715243.5\n", "[syncer.to]\npassword = s715243\n",
                "[syncer.to]\npassword = 's715243'x'\n", "[syncer]\nto.password = s715243\n",
                "[syncer.to.checkpoint]\ntype = \"mysql\"\npassword = 715243\n",
                "[syncer.to]\nencrypted_password = 715243\n")) {
            List<String> problems = TestSupport.problems(toml);
            assertFalse(problems.isEmpty(), toml);
            for (String p : problems) {
                assertFalse(p.contains("715243"), "value shown in: " + p);
                assertTrue(p.contains("line 2") || p.contains("line 3"), p);
            }
        }
        assertProblem(TestSupport.problems("[syncer.to]\npassword = 715243\n"),
                "drainer.toml line 2: syncer.to.password", "expected a string, found an integer (value not shown");
        assertProblem(TestSupport.problems("[syncer.to]\nuser = 715243\n"), "drainer.toml line 2: syncer.to.user",
                "found integer 715243");
    }
}
