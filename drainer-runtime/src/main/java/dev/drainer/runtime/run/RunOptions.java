package dev.drainer.runtime.run;

import dev.drainer.runtime.syncer.Pipeline;
import java.time.Duration;

/**
 * Knobs of {@code drainer run} that are not in {@code drainer.toml}.
 *
 * @param pdWait               how long start-up keeps asking PD for its members before declaring it
 *                             unreachable (the Go PD client retries about 100 times, 1 s apart)
 * @param pdCallTimeout        each PD call's deadline, per endpoint
 * @param heartbeatInterval    how often the registry record is rewritten (the Go drainer: 1 s)
 * @param heartbeatMaxFailures failed heartbeats in a row after which PD counts as lost and the run
 *                             drains and stops (the Go drainer's {@code heartbeatMaxErr}: 20)
 * @param pullerRetryPause     pause before a puller re-dials a pump (the Go drainer: 1 s)
 * @param pipeline             checkpoint and safe-mode timings of the write side
 */
public record RunOptions(Duration pdWait, Duration pdCallTimeout, Duration heartbeatInterval, int heartbeatMaxFailures,
                         Duration pullerRetryPause, Pipeline.Options pipeline) {
    /** The Go drainer's timings. */
    public static RunOptions defaults() {
        return new RunOptions(Duration.ofSeconds(100), Duration.ofSeconds(3), Duration.ofSeconds(1), 20,
                Duration.ofSeconds(1), Pipeline.Options.defaults());
    }

    public RunOptions withPdWait(Duration d) {
        return new RunOptions(d, pdCallTimeout, heartbeatInterval, heartbeatMaxFailures, pullerRetryPause, pipeline);
    }

    public RunOptions withHeartbeat(Duration interval, int maxFailures) {
        return new RunOptions(pdWait, pdCallTimeout, interval, maxFailures, pullerRetryPause, pipeline);
    }

    public RunOptions withPullerRetryPause(Duration d) {
        return new RunOptions(pdWait, pdCallTimeout, heartbeatInterval, heartbeatMaxFailures, d, pipeline);
    }

    public RunOptions withPipeline(Pipeline.Options p) {
        return new RunOptions(pdWait, pdCallTimeout, heartbeatInterval, heartbeatMaxFailures, pullerRetryPause, p);
    }
}
