package dev.drainer.config;

import java.util.Locale;

/** A command-line flag: name (without dash), Go type name ("" for bools), default shown in usage, help. */
public record FlagSpec(String name, String typeName, String defaultText, String help, String tomlKey) {
    /** The BINLOG_SERVER_* variable that sets this flag when it is not on the command line. */
    public String envVariable() {
        return Flags.ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** True for boolean flags, which take no separate value argument. */
    public boolean isBool() {
        return typeName.isEmpty();
    }
}
