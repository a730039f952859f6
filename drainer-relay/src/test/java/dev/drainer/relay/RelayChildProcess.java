package dev.drainer.relay;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Main class run in a child JVM by the tests.
 *
 * <ul>
 *   <li>{@code crash <dir> <point> <occurrence> <maxFileSize> <records> <COMMIT|OFF>}: appends records
 *       {@code rec-<i>}, syncing and GC'ing after each, and halts the JVM (exit 86, no shutdown hooks, like a kill)
 *       at the given occurrence of the probe point.</li>
 *   <li>{@code hold <dir>}: opens a writer, prints {@code LOCKED}, waits until stdin closes.</li>
 *   <li>{@code rawlock <dir>}: locks {@code .lock} without writing holder info (like a Go drainer), prints
 *       {@code LOCKED}, waits until stdin closes.</li>
 * </ul>
 */
public final class RelayChildProcess {
    static final int HALT_CODE = 86;

    private RelayChildProcess() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "crash" -> crash(args);
            case "hold" -> {
                try (RelayWriter w = RelayWriter.open(Path.of(args[1]), RelayOptions.builder().build())) {
                    System.out.println("LOCKED");
                    System.out.flush();
                    waitForStdin();
                }
            }
            case "rawlock" -> {
                try (FileChannel ch = FileChannel.open(Path.of(args[1]).resolve(".lock"), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock l = ch.lock()) {
                    ch.truncate(0);
                    System.out.println("LOCKED");
                    System.out.flush();
                    waitForStdin();
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static void crash(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        String point = args[2];
        int occurrence = Integer.parseInt(args[3]);
        long max = Long.parseLong(args[4]);
        int records = Integer.parseInt(args[5]);
        FsyncPolicy policy = FsyncPolicy.valueOf(args[6]);
        int[] seen = {0};
        RelayOptions o = RelayOptions.builder().maxFileSize(max).fsyncPolicy(policy)
                .lockTimeout(Duration.ofSeconds(5)).probe(p -> {
                    if (p.equals(point) && ++seen[0] == occurrence) {
                        System.out.flush();
                        Runtime.getRuntime().halt(HALT_CODE);
                    }
                }).build();
        try (RelayWriter w = RelayWriter.open(dir, o)) {
            RelayPosition prev = null;
            for (int i = 0; i < records; i++) {
                RelayPosition pos = w.append(("rec-" + i).getBytes(StandardCharsets.UTF_8));
                w.sync();
                if (prev != null) {
                    w.gc(prev);
                }
                prev = pos;
            }
        }
        System.exit(0);
    }

    private static void waitForStdin() throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (in.readLine() != null) {
            // wait for EOF
        }
    }
}
