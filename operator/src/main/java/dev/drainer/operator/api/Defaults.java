package dev.drainer.operator.api;

/** Defaults of the Drainer spec that are not drainer.toml defaults (those come from dev.drainer.config.Defaults). */
public final class Defaults {
    public static final String IMAGE = "ghcr.io/drainer-operator/drainer:0.1.0";
    /** Above the drainer's worst drain: the 60 s downstream read timeout plus the final checkpoint save retries. */
    public static final long TERMINATION_GRACE_SECONDS = 120;
    public static final long UID = 65532;
    public static final String RELAY_SIZE = "10Gi";
    public static final String PASSWORD_KEY = "password";

    private Defaults() {
    }
}
