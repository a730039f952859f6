package dev.drainer.testkit.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A child JVM (same {@code java.home}, same class path) running a main class, with its stdout and
 * stderr captured line by line into memory and a file; it can be SIGKILLed at any moment, or at a
 * {@link CrashPoint}. Closing kills it if it is still alive.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path outputFile;
    private final List<String> lines = new ArrayList<>();
    private final Thread pump;
    private boolean eof;

    private ChildJvm(Process process, Path outputFile) throws IOException {
        this.process = process;
        this.outputFile = outputFile;
        process.getOutputStream().close(); // the child gets no stdin
        Writer file = Files.newBufferedWriter(outputFile, StandardCharsets.UTF_8);
        this.pump = new Thread(() -> pumpOutput(file), "child-jvm-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /** A builder for a child running {@code mainClass}. */
    public static Builder builder(Class<?> mainClass) {
        return new Builder(mainClass.getName());
    }

    /** A builder for a child running the named main class. */
    public static Builder builder(String mainClass) {
        return new Builder(mainClass);
    }

    private void pumpOutput(Writer file) {
        try (file; BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                // Written and flushed per line: after a crash the file shows everything up to the kill.
                file.write(line);
                file.write('\n');
                file.flush();
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // The stream breaks when the process dies; what was read is kept.
        } finally {
            synchronized (lines) {
                eof = true;
                lines.notifyAll();
            }
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Process process() {
        return process;
    }

    /** The file holding the child's output (stdout and stderr interleaved). */
    public Path outputFile() {
        return outputFile;
    }

    /** The output lines so far. */
    public List<String> output() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /**
     * The first output line (since the start, already printed ones included) that matches, waiting up
     * to {@code timeout}; empty if none came in time or the child's output ended without one.
     */
    public Optional<String> awaitLine(Predicate<String> matcher, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int scanned = 0;
        synchronized (lines) {
            while (true) {
                for (; scanned < lines.size(); scanned++) {
                    if (matcher.test(lines.get(scanned))) {
                        return Optional.of(lines.get(scanned));
                    }
                }
                long left = deadline - System.nanoTime();
                if (eof || left <= 0) {
                    return Optional.empty();
                }
                TimeUnit.NANOSECONDS.timedWait(lines, left);
            }
        }
    }

    /** SIGKILL (no shutdown hooks, no flushing), then wait until the process and its output are gone. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
        pump.join(TimeUnit.SECONDS.toMillis(10));
    }

    /** Waits for the child to exit on its own and returns its exit code; throws if it has not exited in time. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("child " + pid() + " still running after " + timeout + "; last output:\n"
                    + tail(20));
        }
        pump.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }

    /**
     * Waits for a {@link CrashPoint} marker; when it appears, SIGKILLs the child parked there. If the
     * child exits first, the point was not reached in this run; if neither happens in time, the child
     * is killed and the result says so.
     */
    public CrashPointResult killAtCrashPoint(Duration timeout) throws InterruptedException {
        Optional<String> marker = awaitLine(l -> l.startsWith(CrashPoint.MARKER + " "), timeout);
        if (marker.isPresent()) {
            kill9();
            return new CrashPointResult(CrashPointResult.Outcome.KILLED_AT_POINT, marker.get(), process.exitValue());
        }
        boolean outputEnded;
        synchronized (lines) {
            outputEnded = eof;
        }
        // Output ended: the child is exiting (or has) without reaching the point.
        if (outputEnded && process.waitFor(30, TimeUnit.SECONDS)) {
            pump.join(TimeUnit.SECONDS.toMillis(10));
            return new CrashPointResult(CrashPointResult.Outcome.EXITED, null, process.exitValue());
        }
        kill9();
        return new CrashPointResult(CrashPointResult.Outcome.TIMED_OUT, null, -1);
    }

    /** The last {@code n} output lines, newline-joined (for failure messages). */
    public String tail(int n) {
        List<String> out = output();
        return String.join("\n", out.subList(Math.max(0, out.size() - n), out.size()));
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }

    /** Configures and starts a {@link ChildJvm}. */
    public static final class Builder {
        private final String mainClass;
        private final List<String> args = new ArrayList<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path outputFile;
        private Path workingDirectory;

        private Builder(String mainClass) {
            this.mainClass = mainClass;
        }

        /** Program arguments. */
        public Builder args(String... a) {
            args.addAll(List.of(a));
            return this;
        }

        /** Program arguments. */
        public Builder args(List<String> a) {
            args.addAll(a);
            return this;
        }

        /** Extra JVM options (e.g. {@code -Xmx256m}). */
        public Builder jvmArgs(String... a) {
            jvmArgs.addAll(List.of(a));
            return this;
        }

        /** A {@code -Dkey=value} for the child. */
        public Builder systemProperty(String key, String value) {
            properties.put(key, value);
            return this;
        }

        /** Makes the child park at the n-th hit (1-based) of crash point {@code name}. */
        public Builder crashPoint(String name, int n) {
            return systemProperty(CrashPoint.PROPERTY, CrashPoint.spec(name, n));
        }

        /** Makes the child park at the point(s) of a {@link CrashPoint} specification (e.g. a chain). */
        public Builder crashPoints(String spec) {
            CrashPoint.of(spec);
            return systemProperty(CrashPoint.PROPERTY, spec);
        }

        /** An environment variable for the child (on top of this JVM's environment). */
        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** Where to write the output (default: a new temporary file). */
        public Builder outputFile(Path file) {
            outputFile = file;
            return this;
        }

        public Builder workingDirectory(Path dir) {
            workingDirectory = dir;
            return this;
        }

        /** The command line this builder runs. */
        public List<String> command() {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvmArgs);
            properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
            cmd.add("-cp");
            cmd.add(System.getProperty("java.class.path"));
            cmd.add(mainClass);
            cmd.addAll(args);
            return cmd;
        }

        public ChildJvm start() throws IOException {
            Path out = outputFile;
            if (out == null) {
                String simple = mainClass.substring(mainClass.lastIndexOf('.') + 1);
                out = Files.createTempFile("child-" + simple + "-", ".log");
            }
            ProcessBuilder pb = new ProcessBuilder(command()).redirectErrorStream(true);
            pb.environment().putAll(env);
            if (workingDirectory != null) {
                pb.directory(workingDirectory.toFile());
            }
            Process p = pb.start();
            try {
                return new ChildJvm(p, out);
            } catch (IOException | RuntimeException e) {
                p.destroyForcibly();
                throw e;
            }
        }
    }
}
