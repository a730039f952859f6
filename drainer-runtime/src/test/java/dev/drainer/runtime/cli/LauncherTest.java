package dev.drainer.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/drainer's JVM options, read from a stand-in {@code java} first on PATH that prints its arguments. */
class LauncherTest {
    private static final Path LAUNCHER = Path.of("..", "bin", "drainer").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private String javaArgs(String javaOpts) throws IOException, InterruptedException {
        return javaArgs("version", javaOpts);
    }

    private String javaArgs(String subcommand, String javaOpts) throws IOException, InterruptedException {
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.writeString(dir.resolve("drainer.jar"), "");
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", LAUNCHER.toString(), subcommand)).redirectErrorStream(true);
        pb.environment().put("PATH", dir + ":" + System.getenv("PATH"));
        pb.environment().put("DRAINER_JAR", jar.toString());
        if (javaOpts == null) {
            pb.environment().remove("JAVA_OPTS");
        } else {
            pb.environment().put("JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(30, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
        return out;
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
