package dev.drainer.config;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;

/**
 * {@code [syncer.relay]}: {@code log-dir}, {@code max-file-size} (upstream) and the extension keys
 * {@code fsync}, {@code lock-timeout}, {@code legacy-time-zone}, {@code auto-recover}.
 *
 * @param autoRecover whether {@code drainer run} replays the relay log itself when PD is unreachable and the
 *                    checkpoint says {@code consistent=false} (upstream behaviour); the operator turns it off
 *                    because in Kubernetes only its recovery Job may recover
 */
public record RelayConfig(String logDir, long maxFileSize, RelayFsync fsync, Duration lockTimeout,
                          String legacyTimeZone, boolean autoRecover) {
    public RelayConfig {
        Objects.requireNonNull(logDir, "logDir");
        Objects.requireNonNull(fsync, "fsync");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        Objects.requireNonNull(legacyTimeZone, "legacyTimeZone");
    }

    /** The relay log is enabled when log-dir is not empty (upstream rule). */
    public boolean enabled() {
        return !logDir.isEmpty();
    }

    /** The zone for TIMESTAMP strings of relay records without a time_zone field; "Local" = this host's zone. */
    public ZoneId legacyZone() {
        return ZoneSpec.resolve(legacyTimeZone);
    }
}
