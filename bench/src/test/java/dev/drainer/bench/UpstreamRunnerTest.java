package dev.drainer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.drainer.testkit.process.LauncherArgs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upstream phases' {@code drainer run} child starts with the JVM options bin/drainer gives {@code run}. */
class UpstreamRunnerTest {
    @TempDir
    Path dir;

    @Test
    void theChildGetsTheLaunchersJvmOptions() throws Exception {
        assertEquals(LauncherArgs.jvmOptions("run", dir), UpstreamRunner.LAUNCHER_JVM_OPTIONS);
    }
}
