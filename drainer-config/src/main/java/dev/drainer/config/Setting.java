package dev.drainer.config;

/**
 * One configurable value: its TOML key and/or flag, its kind, the check shared by file, environment and
 * flags, and how it is stored in the draft. Either key may be null (flag-only / TOML-only).
 */
record Setting(String tomlKey, String flag, Kind kind, String flagDefault, String help, Check check,
               Apply apply) {
    /** Returns null if the converted value is acceptable, else what is wrong (without the origin). */
    @FunctionalInterface
    interface Check {
        String problem(Object value);
    }

    /** Stores an accepted value. */
    @FunctionalInterface
    interface Apply {
        void apply(ConfigDraft draft, Object value, Origin origin);
    }

    /** The key under which the draft records this setting's origin. */
    String originKey() {
        return tomlKey != null ? tomlKey : "-" + flag;
    }
}
