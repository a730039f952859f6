package dev.drainer.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Go {@code flag} package style parsing of the drainer command line, and the BINLOG_SERVER_* variables. */
public final class Flags {
    /** Prefix of the environment variables that stand in for flags not given on the command line. */
    public static final String ENV_PREFIX = "BINLOG_SERVER_";

    private static final String HINT = " (run with -h to list the supported flags)";

    private Flags() {
    }

    /** Every flag, in the order of spec §9.1. */
    public static List<FlagSpec> all() {
        List<FlagSpec> out = new ArrayList<>();
        for (Setting s : Settings.all()) {
            if (s.flag() != null) {
                out.add(spec(s));
            }
        }
        return out;
    }

    /**
     * Parses -name=value, -name value, --name=value, --name value, and for bools -name / -name=false.
     * Parsing stops at the first non-flag argument, "-" or "--" (consumed), like Go; the rest is positional.
     */
    public static ParsedFlags parse(List<String> args) {
        Map<String, ParsedFlags.Value> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                break;
            }
            int dashes = arg.charAt(1) == '-' ? 2 : 1;
            if (dashes == 2 && arg.length() == 2) {
                i++;
                break;
            }
            String name = arg.substring(dashes);
            if (name.isEmpty() || name.charAt(0) == '-' || name.charAt(0) == '=') {
                throw new ConfigException("bad flag syntax: " + arg + HINT);
            }
            i++;
            String text = null;
            int eq = name.indexOf('=');
            if (eq > 0) {
                text = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            Setting s = Settings.byFlag(name);
            if (s == null) {
                if (name.equals("h") || name.equals("help")) {
                    // Go's flag package answers -h/-help with ErrHelp: print usage, exit 0.
                    return new ParsedFlags(values, args.subList(i, args.size()), true);
                }
                throw new ConfigException("flag provided but not defined: -" + name + HINT);
            }
            if (text == null) {
                if (s.kind() == Kind.BOOL) {
                    text = "true";
                } else if (i < args.size()) {
                    text = args.get(i++);
                } else {
                    throw new ConfigException("flag needs an argument: -" + name + HINT);
                }
            }
            try {
                values.put(name, new ParsedFlags.Value(s.kind().parseFlagValue(text), text, null));
            } catch (IllegalArgumentException e) {
                problems.add("invalid value " + Checks.show(text) + " for flag -" + name + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ParsedFlags(values, args.subList(i, args.size()), false);
    }

    /**
     * Adds the value of {@code BINLOG_SERVER_<NAME>} (name upper-cased, '-' → '_') for every flag that is not
     * set yet; empty variables are ignored, as upstream. Idempotent.
     */
    public static ParsedFlags applyEnvironment(ParsedFlags flags, Map<String, String> env) {
        Map<String, ParsedFlags.Value> values = new LinkedHashMap<>(flags.values());
        List<String> problems = new ArrayList<>();
        for (FlagSpec f : all()) {
            if (values.containsKey(f.name())) {
                continue;
            }
            String text = env.get(f.envVariable());
            if (text == null || text.isEmpty()) {
                continue;
            }
            try {
                Setting s = Settings.byFlag(f.name());
                values.put(f.name(), new ParsedFlags.Value(s.kind().parseFlagValue(text), text, f.envVariable()));
            } catch (IllegalArgumentException e) {
                problems.add("env " + f.envVariable() + ": invalid value " + Checks.show(text) + " for flag -"
                        + f.name() + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ParsedFlags(values, flags.positional(), flags.helpRequested());
    }

    /** Go-style usage text, followed by the environment variable rule. */
    public static String usage() {
        StringBuilder sb = new StringBuilder("Usage of drainer:\n");
        for (FlagSpec f : all()) {
            sb.append("  -").append(f.name());
            if (!f.isBool()) {
                sb.append(' ').append(f.typeName());
            }
            sb.append(f.name().length() + f.typeName().length() <= 2 ? "\t" : "\n    \t").append(f.help());
            // Like Go's flag package, zero defaults are not shown.
            if (!f.defaultText().isEmpty() && !f.defaultText().equals("false") && !f.defaultText().equals("0")) {
                sb.append(" (default ").append(f.typeName().equals("string") ? Checks.show(f.defaultText())
                        : f.defaultText()).append(')');
            }
            sb.append('\n');
        }
        sb.append("\nPrecedence: defaults < drainer.toml < BINLOG_SERVER_<FLAG> environment variables"
                + " (e.g. BINLOG_SERVER_PD_URLS, BINLOG_SERVER_C) < command-line flags.\n");
        return sb.toString();
    }

    private static FlagSpec spec(Setting s) {
        return new FlagSpec(s.flag(), s.kind().flagTypeName(), s.flagDefault(), s.help(), s.tomlKey());
    }
}
