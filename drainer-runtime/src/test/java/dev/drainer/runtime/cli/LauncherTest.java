package dev.drainer.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.drainer.testkit.process.LauncherArgs;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/drainer's JVM options, read through {@link LauncherArgs}. */
class LauncherTest {
    @TempDir
    Path dir;

    private String javaArgs(String javaOpts) throws IOException, InterruptedException {
        return javaArgs("version", javaOpts);
    }

    private String javaArgs(String subcommand, String javaOpts) throws IOException, InterruptedException {
        return LauncherArgs.of(subcommand, javaOpts, dir);
    }

    @Test
    void theParallelCollectorWithHalfTheHeapYoungIsTheDefault() throws Exception {
        assertEquals("-XX:+UseParallelGC -XX:NewRatio=1 -jar " + dir.resolve("drainer.jar") + " version", javaArgs(null));
        assertEquals("-XX:+UseParallelGC -XX:NewRatio=1 -XX:MaxRAMPercentage=75 -Xmn64m -jar " + dir.resolve("drainer.jar")
                + " version", javaArgs("-XX:MaxRAMPercentage=75 -Xmn64m"), "JAVA_OPTS come last, so they win");
    }

    @Test
    void theBenchKeepsTheDefaultSplitOfItsCappedHeap() throws Exception {
        assertEquals("-XX:+UseParallelGC -Xmx1g -jar " + dir.resolve("drainer.jar") + " bench", javaArgs("bench", null));
    }

    @Test
    void aCollectorNamedInJavaOptsWins() throws Exception {
        assertEquals("-Xmx1g -XX:+UseG1GC -jar " + dir.resolve("drainer.jar") + " version", javaArgs("-Xmx1g -XX:+UseG1GC"));
        assertEquals("-XX:+UseSerialGC -jar " + dir.resolve("drainer.jar") + " version", javaArgs("-XX:+UseSerialGC"));
    }
}
