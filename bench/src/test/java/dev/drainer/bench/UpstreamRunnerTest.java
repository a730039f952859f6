package dev.drainer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.drainer.testkit.process.LauncherArgs;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upstream phases' {@code drainer run} child and their lag samples. */
class UpstreamRunnerTest {
    @TempDir
    Path dir;

    @Test
    void theChildGetsTheLaunchersJvmOptions() throws Exception {
        assertEquals(LauncherArgs.jvmOptions("run", dir), UpstreamRunner.LAUNCHER_JVM_OPTIONS);
    }

    @Test
    void aTransactionFedBeforeTheTimedPartLagsFromItsStart() {
        assertEquals(300, UpstreamRunner.timedLagMillis(Duration.ofSeconds(12), 300_000_000L), "a warm-up leftover");
        assertEquals(2_500, UpstreamRunner.timedLagMillis(Duration.ofMillis(2_500), 4_000_000_000L), "fed in the timed part");
    }
}
