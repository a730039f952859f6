package dev.drainer.testkit.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The command line {@code bin/drainer} hands to {@code java}, read by running the launcher with a stand-in
 * {@code java} first on PATH that prints its arguments (and a DRAINER_JAR that exists, so nothing is built).
 */
public final class LauncherArgs {
    private LauncherArgs() {
    }

    /** {@code bin/drainer} of the checkout, from a module's directory (where Maven runs its tests). */
    private static Path launcher() {
        return Path.of("..", "bin", "drainer").toAbsolutePath().normalize();
    }

    /**
     * The arguments {@code bin/drainer <subcommand>} starts java with, e.g. {@code -XX:+UseParallelGC -jar <jar> run}.
     *
     * @param javaOpts JAVA_OPTS, or null to start without it
     * @param dir an empty scratch directory for the stand-in java and jar
     */
    public static String of(String subcommand, String javaOpts, Path dir) throws IOException, InterruptedException {
        Path java = dir.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.writeString(dir.resolve("drainer.jar"), "");
        ProcessBuilder pb = new ProcessBuilder(List.of("bash", launcher().toString(), subcommand)).redirectErrorStream(true);
        pb.environment().put("PATH", dir + ":" + System.getenv("PATH"));
        pb.environment().put("DRAINER_JAR", jar.toString());
        if (javaOpts == null) {
            pb.environment().remove("JAVA_OPTS");
        } else {
            pb.environment().put("JAVA_OPTS", javaOpts);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(launcher() + " " + subcommand + " did not exit within 30 s; it printed: " + out);
        }
        if (p.exitValue() != 0) {
            throw new IOException(launcher() + " " + subcommand + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }

    /** The JVM options alone: what comes before {@code -jar}. */
    public static List<String> jvmOptions(String subcommand, Path dir) throws IOException, InterruptedException {
        String args = of(subcommand, null, dir);
        int jar = args.indexOf("-jar ");
        if (jar < 0) {
            throw new IOException(launcher() + " " + subcommand + " started java without -jar: " + args);
        }
        String opts = args.substring(0, jar).trim();
        return opts.isEmpty() ? List.of() : List.of(opts.split("\\s+"));
    }
}
