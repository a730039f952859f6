package dev.drainer.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

/** Fixed host facts and helpers so no test depends on the machine or the real environment. */
final class TestSupport {
    static final HostInfo HOST = new HostInfo("drainer-host", "10.1.2.3");
    static final String SOURCE = "drainer.toml";

    private TestSupport() {
    }

    static DrainerConfig parse(String toml) {
        return parse(toml, Map.of());
    }

    static DrainerConfig parse(String toml, Map<String, String> env) {
        return ConfigLoader.parseToml(toml, SOURCE, env, HOST);
    }

    static List<String> problems(String toml) {
        return assertThrows(ConfigException.class, () -> parse(toml)).problems();
    }

    static DrainerConfig load(Map<String, String> env, String... args) {
        return ConfigLoader.load(Flags.parse(List.of(args)), env, HOST);
    }

    static List<String> loadProblems(Map<String, String> env, String... args) {
        return assertThrows(ConfigException.class, () -> load(env, args)).problems();
    }

    /** Asserts that some problem starts with the given prefix and contains every fragment. */
    static void assertProblem(List<String> problems, String prefix, String... fragments) {
        boolean found = problems.stream().anyMatch(p -> p.startsWith(prefix)
                && java.util.Arrays.stream(fragments).allMatch(p::contains));
        assertTrue(found, "no problem starting with <" + prefix + "> containing " + List.of(fragments)
                + " in:\n" + String.join("\n", problems));
    }
}
