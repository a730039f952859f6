package dev.drainer.relay;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Options of a relay writer, reader or inspector. Immutable; build with {@link #builder()}.
 *
 * <ul>
 *   <li>{@code maxFileSize} — rotate after the record whose end offset reaches this size (default 10485760,
 *       {@code <= 0} means the default, like Go's {@code [syncer.relay] max-file-size}).</li>
 *   <li>{@code fsyncPolicy} — {@link FsyncPolicy#COMMIT} (default) or {@link FsyncPolicy#OFF} (Go behaviour).</li>
 *   <li>{@code lockTimeout} — how long to poll for the directory lock before failing with
 *       {@link RelayLockedException} (default 30 s; zero = a single attempt).</li>
 *   <li>{@code clock} — source of the local date-time in new file names (default: system clock, default zone),
 *       and of the {@code since=} time written into {@code .lock}.</li>
 *   <li>{@code probe} — crash-injection hook called by the writer with point names (see {@link RelayWriter});
 *       default no-op.</li>
 *   <li>{@code stats} — the {@link RelayStats} that writers/readers/inspectors opened with these options add to
 *       (default: a fresh instance per options object, so options shared by a process share one set of metrics).</li>
 * </ul>
 */
public final class RelayOptions {
    /** Go's default {@code max-file-size}: 10 MiB. */
    public static final long DEFAULT_MAX_FILE_SIZE = 10L * 1024 * 1024;
    /** Default lock timeout. */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);

    private final long maxFileSize;
    private final FsyncPolicy fsyncPolicy;
    private final Duration lockTimeout;
    private final Clock clock;
    private final Consumer<String> probe;
    private final RelayStats stats;

    private RelayOptions(Builder b) {
        this.maxFileSize = b.maxFileSize <= 0 ? DEFAULT_MAX_FILE_SIZE : b.maxFileSize;
        this.fsyncPolicy = b.fsyncPolicy;
        this.lockTimeout = b.lockTimeout;
        this.clock = b.clock;
        this.probe = b.probe;
        this.stats = b.stats != null ? b.stats : new RelayStats();
    }

    /** Options with every default. */
    public static RelayOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with these options (the same {@link RelayStats} instance included). */
    public Builder toBuilder() {
        return new Builder().maxFileSize(maxFileSize).fsyncPolicy(fsyncPolicy).lockTimeout(lockTimeout)
                .clock(clock).probe(probe).stats(stats);
    }

    public long maxFileSize() {
        return maxFileSize;
    }

    public FsyncPolicy fsyncPolicy() {
        return fsyncPolicy;
    }

    public Duration lockTimeout() {
        return lockTimeout;
    }

    public Clock clock() {
        return clock;
    }

    public Consumer<String> probe() {
        return probe;
    }

    public RelayStats stats() {
        return stats;
    }

    @Override
    public String toString() {
        return "RelayOptions{maxFileSize=" + maxFileSize + " fsyncPolicy=" + fsyncPolicy + " lockTimeout="
                + lockTimeout + " clock=" + clock + "}";
    }

    /** Builder of {@link RelayOptions}. */
    public static final class Builder {
        private long maxFileSize = DEFAULT_MAX_FILE_SIZE;
        private FsyncPolicy fsyncPolicy = FsyncPolicy.COMMIT;
        private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
        private Clock clock = Clock.systemDefaultZone();
        private Consumer<String> probe = point -> { };
        private RelayStats stats;

        private Builder() {
        }

        /** Rotation threshold in bytes; {@code <= 0} selects the default 10485760. */
        public Builder maxFileSize(long bytes) {
            this.maxFileSize = bytes;
            return this;
        }

        public Builder fsyncPolicy(FsyncPolicy policy) {
            this.fsyncPolicy = Objects.requireNonNull(policy, "fsyncPolicy");
            return this;
        }

        /** Lock polling timeout; must not be negative. */
        public Builder lockTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "lockTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("lockTimeout must not be negative: " + timeout);
            }
            this.lockTimeout = timeout;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder probe(Consumer<String> probe) {
            this.probe = Objects.requireNonNull(probe, "probe");
            return this;
        }

        public Builder stats(RelayStats stats) {
            this.stats = Objects.requireNonNull(stats, "stats");
            return this;
        }

        public RelayOptions build() {
            return new RelayOptions(this);
        }
    }
}
