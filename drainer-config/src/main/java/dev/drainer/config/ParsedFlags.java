package dev.drainer.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of {@link Flags#parse}: flags that were set (last occurrence wins), the positional arguments
 * after the flags (Go stops at the first non-flag or "--"), and whether -h/-help was given.
 */
public record ParsedFlags(Map<String, ParsedFlags.Value> values, List<String> positional,
                          boolean helpRequested) {
    /** A set flag: typed value (String, Boolean, Integer or Long), its text, and env variable if set from env. */
    public record Value(Object value, String text, String envVariable) {
        /** True if it came from a BINLOG_SERVER_* variable rather than the command line. */
        public boolean fromEnvironment() {
            return envVariable != null;
        }
    }

    public ParsedFlags {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        positional = List.copyOf(positional);
    }

    /** True if the flag was given (on the command line, or from the environment after applyEnvironment). */
    public boolean isSet(String flag) {
        return values.containsKey(flag);
    }

    /** The typed value of a set flag. */
    public Optional<Object> get(String flag) {
        return Optional.ofNullable(values.get(flag)).map(Value::value);
    }

    /** -config, or "" when not given. */
    public String configFile() {
        return (String) get("config").orElse("");
    }

    /** True if -V was given: print the version and exit. */
    public boolean versionRequested() {
        return (Boolean) get("V").orElse(false);
    }
}
