package dev.drainer.relay;

import static dev.drainer.relay.RelayTestSupport.opts;
import static dev.drainer.relay.RelayTestSupport.startChild;
import static dev.drainer.relay.RelayTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockTest {
    static final long PID = ProcessHandle.current().pid();

    @Test
    void secondWriterTimesOutNamingTheHolder(@TempDir Path dir) throws Exception {
        try (RelayWriter w = RelayWriter.open(dir, opts().build())) {
            String content = Files.readString(dir.resolve(".lock")).strip();
            assertTrue(content.matches("pid=" + PID + " host=\\S+ since=2024-05-06T07:08:09Z role=writer"), content);
            long t0 = System.nanoTime();
            RelayLockedException e = assertThrows(RelayLockedException.class,
                    () -> RelayWriter.open(dir, opts().lockTimeout(Duration.ofMillis(300)).build()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 290, "polled until the timeout: " + ms);
            assertEquals(content, e.holder());
            assertTrue(e.getMessage().contains("dir=" + dir) && e.getMessage().contains("pid=" + PID)
                    && e.getMessage().contains("timeout=PT0.3S"), e.getMessage());
            assertThrows(RelayLockedException.class,
                    () -> RelayReader.open(dir, opts().lockTimeout(Duration.ZERO).build()));
            assertThrows(RelayLockedException.class,
                    () -> RelayInspector.inspect(dir, opts().lockTimeout(Duration.ZERO).build()));
            w.append(utf8("still-writing"));
            assertEquals(0, RelayInspector.inspectWithoutLock(dir).totalRecords(), "buffered until sync");
            w.sync();
            assertEquals(1, RelayInspector.inspectWithoutLock(dir).totalRecords());
        }
        try (RelayReader r = RelayReader.open(dir, opts().lockTimeout(Duration.ZERO).build())) {
            assertEquals(1, r.stream().count());
            assertTrue(Files.readString(dir.resolve(".lock")).contains("role=reader"));
        }
    }

    @Test
    void waiterGetsTheLockWhenTheHolderReleasesIt(@TempDir Path dir) throws Exception {
        RelayWriter w = RelayWriter.open(dir, opts().build());
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(200);
                w.close();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        t.start();
        try (RelayReader r = RelayReader.open(dir, opts().lockTimeout(Duration.ofSeconds(10)).build())) {
            assertEquals(0, r.stream().count());
        }
        t.join();
    }

    @Test
    void anotherProcessHoldingTheLockIsNamed(@TempDir Path dir) throws Exception {
        Process child = startChild("hold", dir.toString());
        try {
            awaitLocked(child);
            RelayLockedException e = assertThrows(RelayLockedException.class,
                    () -> RelayWriter.open(dir, opts().lockTimeout(Duration.ofMillis(200)).build()));
            assertTrue(e.holder().startsWith("pid=" + child.pid() + " host="), e.getMessage());
            assertTrue(e.holder().endsWith("role=writer"), e.getMessage());
            e = assertThrows(RelayLockedException.class,
                    () -> RelayInspector.inspect(dir, opts().lockTimeout(Duration.ofMillis(100)).build()));
            assertTrue(e.getMessage().contains("pid=" + child.pid()), e.getMessage());
            RelayReport report = RelayInspector.inspectWithoutLock(dir);
            assertEquals(1, report.totalFiles());
        } finally {
            child.getOutputStream().close();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(0, child.exitValue());
        try (RelayWriter w = RelayWriter.open(dir, opts().lockTimeout(Duration.ZERO).build())) {
            w.append(utf8("mine now"));
        }
    }

    @Test
    void anEmptyLockFileReportsAnUnknownHolder(@TempDir Path dir) throws Exception {
        Process child = startChild("rawlock", dir.toString());
        try {
            awaitLocked(child);
            RelayLockedException e = assertThrows(RelayLockedException.class,
                    () -> RelayReader.open(dir, opts().lockTimeout(Duration.ofMillis(100)).build()));
            assertEquals("", e.holder());
            assertTrue(e.getMessage().contains("holder=unknown"), e.getMessage());
        } finally {
            child.getOutputStream().close();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
    }

    static void awaitLocked(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertEquals("LOCKED", line, "child output");
    }

    @Test
    void lockFileOnlyIsCreatedByReaders(@TempDir Path dir) throws Exception {
        try (RelayReader r = RelayReader.open(dir, opts().build())) {
            assertEquals(0, r.stream().count());
        }
        try (var s = Files.list(dir)) {
            assertEquals(List.of(".lock"), s.map(p -> p.getFileName().toString()).toList());
        }
    }
}
