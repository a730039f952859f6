package dev.drainer.operator.api;

/** Defaults of the Drainer spec that are not drainer.toml defaults (those come from dev.drainer.config.Defaults). */
public final class Defaults {
    public static final String IMAGE = "ghcr.io/drainer-operator/drainer:0.1.0";
    /** Above the drainer's worst drain: the 60 s downstream read timeout plus the final checkpoint save retries. */
    public static final long TERMINATION_GRACE_SECONDS = 120;
    public static final long UID = 65532;
    public static final String RELAY_SIZE = "10Gi";
    public static final String PASSWORD_KEY = "password";
    public static final String PD_UNREACHABLE_THRESHOLD = "1m";
    public static final int RECOVERY_MAX_ATTEMPTS = 3;
    public static final String RECOVERY_BACKOFF = "30s";
    public static final String RECOVERY_MAX_BACKOFF = "10m";
    /** Above the drainer pod's termination grace period (120 s), so that a clean stop is not called stuck. */
    public static final String FENCE_TIMEOUT = "5m";
    public static final long RECOVERY_DEADLINE_SECONDS = 3600;
    /** A day: long enough to read the log of a failed recovery. */
    public static final long RECOVERY_TTL_SECONDS = 86400;

    private Defaults() {
    }
}
