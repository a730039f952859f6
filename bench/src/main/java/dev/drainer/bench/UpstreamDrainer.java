package dev.drainer.bench;

import dev.drainer.runtime.cli.RecoverCommand;
import dev.drainer.runtime.cli.RunCommand;
import dev.drainer.runtime.run.RunOptions;
import dev.drainer.runtime.syncer.Pipeline;
import java.time.Duration;
import java.util.Arrays;

/**
 * The child JVM of the upstream phases: {@code drainer run} ({@link RunCommand}, unchanged) with two
 * timings that are not in {@code drainer.toml}: safe mode off from the first batch (the steady state,
 * as in every other bench phase) and the checkpoint saved every {@value #CHECKPOINT_EVERY_MILLIS} ms
 * instead of 3 s, so the bench sees the lag and the end of the run to within that.
 */
public final class UpstreamDrainer {
    static final long CHECKPOINT_EVERY_MILLIS = 100;

    private UpstreamDrainer() {
    }

    public static void main(String[] args) {
        RunOptions options = RunOptions.defaults().withPdWait(Duration.ofSeconds(30))
                .withPipeline(new Pipeline.Options(Duration.ofMillis(CHECKPOINT_EVERY_MILLIS), Duration.ZERO, p -> { }));
        int code = new RunCommand(options, new RecoverCommand())
                .run(Arrays.asList(args), System.getenv(), System.out, System.err).code();
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}
