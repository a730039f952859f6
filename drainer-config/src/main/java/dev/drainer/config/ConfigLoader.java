package dev.drainer.config;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loads the drainer configuration with upstream precedence: defaults < drainer.toml < BINLOG_SERVER_*
 * variables (for flags not on the command line) < command-line flags; then derives and validates.
 * Every problem found is reported in one {@link ConfigException}.
 */
public final class ConfigLoader {
    private static final System.Logger LOG = System.getLogger(ConfigLoader.class.getName());

    private ConfigLoader() {
    }

    /** Parses the command line (-config file if given) against this host. Does not act on -h / -V. */
    public static DrainerConfig load(List<String> args, Map<String, String> env) {
        return load(Flags.parse(args), env, HostInfo.system());
    }

    /** As {@link #load(List, Map)} for already parsed flags (check -h / -V on them first). */
    public static DrainerConfig load(ParsedFlags flags, Map<String, String> env) {
        return load(flags, env, HostInfo.system());
    }

    /** Full form: the environment and the host facts are injected. */
    public static DrainerConfig load(ParsedFlags flags, Map<String, String> env, HostInfo host) {
        if (!flags.positional().isEmpty()) {
            // Upstream wording: Go's flag package stops at the first non-flag, the drainer then rejects it.
            throw new ConfigException("'" + flags.positional().get(0) + "' is not a valid flag"
                    + " (run with -h to list the supported flags)");
        }
        ParsedFlags effective = Flags.applyEnvironment(flags, env);
        Problems problems = new Problems();
        ConfigDraft draft = new ConfigDraft();
        String file = effective.configFile();
        if (!file.isEmpty()) {
            String text;
            try {
                text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new ConfigException("cannot read config file " + Checks.show(file) + ": " + e);
            }
            if (!new TomlReader(file, problems).read(text, draft)) {
                problems.throwIfAny();
            }
        }
        applyFlags(effective, draft, problems);
        return finish(draft, env, host, problems);
    }

    /** Parses drainer.toml text alone (no flags, no BINLOG_SERVER_* overrides); env feeds MYSQL_* defaults. */
    public static DrainerConfig parseToml(String text, String sourceName, Map<String, String> env) {
        return parseToml(text, sourceName, env, HostInfo.system());
    }

    /** As {@link #parseToml(String, String, Map)} with injected host facts. */
    public static DrainerConfig parseToml(String text, String sourceName, Map<String, String> env, HostInfo host) {
        Problems problems = new Problems();
        ConfigDraft draft = new ConfigDraft();
        if (!new TomlReader(sourceName, problems).read(text, draft)) {
            problems.throwIfAny();
        }
        return finish(draft, env, host, problems);
    }

    /** The configuration an empty drainer.toml gives. */
    public static DrainerConfig defaults(Map<String, String> env, HostInfo host) {
        return parseToml("", "defaults", env, host);
    }

    private static void applyFlags(ParsedFlags flags, ConfigDraft draft, Problems problems) {
        for (Map.Entry<String, ParsedFlags.Value> e : flags.values().entrySet()) {
            Setting s = Settings.byFlag(e.getKey());
            ParsedFlags.Value v = e.getValue();
            Origin origin = v.fromEnvironment() ? Origin.env(v.envVariable(), s.flag()) : Origin.flag(s.flag());
            String problem = s.check().problem(v.value());
            if (problem != null) {
                problems.add(origin, problem);
                continue;
            }
            s.apply().apply(draft, v.value(), origin);
            draft.origins.put(s.originKey(), origin);
        }
    }

    private static DrainerConfig finish(ConfigDraft draft, Map<String, String> env, HostInfo host,
                                        Problems problems) {
        DrainerConfig config = new ConfigResolver(env, host, problems).resolve(draft);
        problems.throwIfAny();
        for (String w : draft.warnings) {
            LOG.log(Level.WARNING, w);
        }
        return config;
    }
}
