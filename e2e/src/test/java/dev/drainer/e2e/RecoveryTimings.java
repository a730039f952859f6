package dev.drainer.e2e;

import dev.drainer.operator.api.DrainerStatus;
import dev.drainer.operator.api.RecoveryStatus;
import java.time.Duration;
import java.time.Instant;

/**
 * The recovery's milestones in one run, measured from the moment PD had been unreachable for the threshold (the
 * first failed probe plus {@code pdUnreachableThreshold}), all on the operator's own clock: the status timestamps,
 * and the {@code RecoveryJobCreated} event's (the Job's creationTimestamp and {@code recovery.jobCreatedAt} have
 * whole seconds only). A benchmark printout (docs/benchmark.md "Operator recovery timings"), never asserted.
 */
record RecoveryTimings(Duration pdStoppedToThreshold, Duration thresholdToFenced, Duration thresholdToJobCreated,
                       Duration thresholdToRecovered) {
    /** Set this system property to print the timings of the end-to-end run. */
    static final String PROPERTY = "e2e.timings";

    static RecoveryTimings of(Instant pdStopped, DrainerStatus status, Instant jobCreated, Duration threshold) {
        RecoveryStatus r = status.recovery;
        Instant at = Instant.parse(status.pd.since).plus(threshold);
        return new RecoveryTimings(Duration.between(pdStopped, at), Duration.between(at, Instant.parse(r.fencedAt)),
                Duration.between(at, jobCreated), Duration.between(at, Instant.parse(r.finishedAt)));
    }

    /** One log-style line; the settings that bound the numbers go with them. */
    String line(Duration probeInterval, Duration resync, Duration threshold) {
        return "operator recovery timings: pdStoppedToThresholdMs=" + pdStoppedToThreshold.toMillis()
                + " thresholdToFencedMs=" + thresholdToFenced.toMillis()
                + " thresholdToJobCreatedMs=" + thresholdToJobCreated.toMillis()
                + " thresholdToRecoveredMs=" + thresholdToRecovered.toMillis()
                + " threshold=" + threshold + " pdProbeInterval=" + probeInterval + " resyncInterval=" + resync;
    }
}
