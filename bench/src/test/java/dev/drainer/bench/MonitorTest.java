package dev.drainer.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MonitorTest {
    @Test
    void printsProgressOfTheRunningPhaseOnlyAndReportsMemory() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AtomicLong rows = new AtomicLong(42);
        try (Monitor m = new Monitor(new PrintStream(bytes, true, StandardCharsets.UTF_8), Duration.ofMillis(50))) {
            m.phaseStarted("insert/no-relay", 100, rows::get);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!bytes.toString(StandardCharsets.UTF_8).contains("rows=42/100") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            m.phaseEnded();
            Thread.sleep(200);
            String printed = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(printed.matches("(?s)progress phase=insert/no-relay rows=42/100 rowsPerSec=\\d+\n.*"), printed);
            rows.set(99);
            Thread.sleep(200);
            assertTrue(!bytes.toString(StandardCharsets.UTF_8).contains("rows=99"), "no progress after the phase ended");
            assertTrue(m.maxHeapUsed() > 0);
        }
        assertTrue(Monitor.peakRss() > 0, "VmHWM is read on Linux");
    }

    @Test
    void aPhaseStartedAgainUnderTheSameNameCountsFromZero() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Monitor m = new Monitor(new PrintStream(bytes, true, StandardCharsets.UTF_8), Duration.ofMillis(50))) {
            m.phaseStarted("mixed/relay-fsync-commit", 2000, () -> 1000);
            awaitPrinted(bytes, "rows=1000/2000");
            m.phaseEnded();
            // The warm-up and the phase after it share a name; the second starts from 0 rows, not from 1000.
            m.phaseStarted("mixed/relay-fsync-commit", 2000, () -> 5);
            awaitPrinted(bytes, "rows=5/2000");
            String printed = bytes.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("rows=5/2000 rowsPerSec=") && !printed.contains("rowsPerSec=-"), printed);
        }
    }

    private static void awaitPrinted(ByteArrayOutputStream bytes, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!bytes.toString(StandardCharsets.UTF_8).contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
