package dev.drainer.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** Helpers shared by the relay tests. */
final class RelayTestSupport {
    static final Clock FIXED = Clock.fixed(Instant.parse("2024-05-06T07:08:09Z"), ZoneOffset.UTC);
    static final String STAMP = "20240506070809";

    private RelayTestSupport() {
    }

    static RelayOptions.Builder opts() {
        return RelayOptions.builder().clock(FIXED).lockTimeout(java.time.Duration.ofSeconds(2));
    }

    static String name(long index) {
        return String.format("binlog-%016d-%s", index, STAMP);
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String str(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Data file names in the directory, sorted. */
    static List<String> dataFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("binlog-")).sorted().toList();
        }
    }

    /** All payloads of the directory as strings, via the reader. */
    static List<String> readAll(Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        try (RelayReader r = RelayReader.open(dir, opts().build())) {
            for (RelayRecord rec : r) {
                out.add(str(rec.payload()));
            }
        }
        return out;
    }

    static void truncate(Path file, long size) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
        assertEquals(size, Files.size(file));
    }

    /** Starts {@link RelayChildProcess} in a new JVM with the test class path. */
    static Process startChild(String... args) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cp = new ArrayList<>();
        cp.add(Path.of(RelayChildProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString());
        cp.add(Path.of(RelayWriter.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        List<String> cmd = new ArrayList<>(List.of(javaBin, "-Xshare:auto", "-cp",
                String.join(java.io.File.pathSeparator, cp), RelayChildProcess.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Captures the log lines of the relay logger (JUL backend of System.Logger). */
    static final class LogCapture implements AutoCloseable {
        final List<String> lines = new ArrayList<>();
        private final Logger logger = Logger.getLogger(RelayLog.NAME);
        private final Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                synchronized (lines) {
                    lines.add(record.getLevel() + " " + record.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        LogCapture() {
            logger.addHandler(handler);
        }

        List<String> matching(String fragment) {
            synchronized (lines) {
                return lines.stream().filter(l -> l.contains(fragment)).toList();
            }
        }

        @Override
        public void close() {
            logger.removeHandler(handler);
        }
    }
}
