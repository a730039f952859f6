package dev.drainer.config;

/** The downstream types this drainer supports ({@code [syncer] db-type}). */
public enum DbType {
    MYSQL("mysql"),
    TIDB("tidb");

    private final String tomlName;

    DbType(String tomlName) {
        this.tomlName = tomlName;
    }

    /** The spelling used in drainer.toml and on the command line. */
    public String tomlName() {
        return tomlName;
    }

    /** The type with this exact spelling, or null. */
    static DbType fromTomlName(String name) {
        for (DbType t : values()) {
            if (t.tomlName.equals(name)) {
                return t;
            }
        }
        return null;
    }
}
