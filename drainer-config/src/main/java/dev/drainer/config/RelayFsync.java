package dev.drainer.config;

/** Extension key {@code [syncer.relay] fsync}: how durable relay writes are before the downstream apply. */
public enum RelayFsync {
    /** Relay file and directory are fsynced (group commit) before a transaction is applied downstream. */
    COMMIT("commit"),
    /** Page cache only, like the Go drainer: survives a process crash, not a host crash. */
    OFF("off");

    private final String tomlName;

    RelayFsync(String tomlName) {
        this.tomlName = tomlName;
    }

    /** The spelling used in drainer.toml. */
    public String tomlName() {
        return tomlName;
    }

    /** The mode with this exact spelling, or null. */
    static RelayFsync fromTomlName(String name) {
        for (RelayFsync f : values()) {
            if (f.tomlName.equals(name)) {
                return f;
            }
        }
        return null;
    }
}
