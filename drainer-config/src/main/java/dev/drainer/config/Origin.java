package dev.drainer.config;

/** Where a value came from, so that every problem can name the key and its line, flag or variable. */
record Origin(Type type, String where, int line, String key) {
    enum Type { TOML, FLAG, ENV, DEFAULT }

    static Origin toml(String source, int line, String dottedKey) {
        return new Origin(Type.TOML, source, line, dottedKey);
    }

    static Origin flag(String flag) {
        return new Origin(Type.FLAG, null, 0, flag);
    }

    /** An environment variable; flag is the flag it stands for, or null (e.g. MYSQL_PORT). */
    static Origin env(String variable, String flag) {
        return new Origin(Type.ENV, variable, 0, flag);
    }

    /** A value nobody set: the key's default or derived value. */
    static Origin byDefault(String key) {
        return new Origin(Type.DEFAULT, null, 0, key);
    }

    /** Flags and BINLOG_SERVER_* variables rank as flags in the dispatch/detect precedence. */
    boolean isFlagLike() {
        return type == Type.FLAG || type == Type.ENV;
    }

    @Override
    public String toString() {
        return switch (type) {
            case TOML -> where + " line " + line + ": " + key;
            case FLAG -> "flag -" + key;
            case DEFAULT -> key + " (default)";
            case ENV -> key == null ? "env " + where : "env " + where + " (flag -" + key + ")";
        };
    }
}
