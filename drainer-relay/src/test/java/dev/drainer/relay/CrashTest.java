package dev.drainer.relay;

import static dev.drainer.relay.RelayTestSupport.opts;
import static dev.drainer.relay.RelayTestSupport.readAll;
import static dev.drainer.relay.RelayTestSupport.startChild;
import static dev.drainer.relay.RelayTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Kills a writer in a child JVM ({@code Runtime.halt}, no shutdown hooks or close) at a probe point, then reopens
 * the directory: the writer must repair it and append cleanly, and a full read must succeed with the records that
 * were complete at the kill. Records {@code rec-<i>} are 21 bytes, max-file-size 64: four records per file; the
 * child syncs after every append and GCs with the previous record's position.
 */
class CrashTest {

    @ParameterizedTest(name = "{0} #{1} {2} -> last rec-{3}")
    @CsvSource({
        "relay.append.before,  3, COMMIT, 1",
        "relay.write.partial,  5, COMMIT, 3",
        "relay.write.partial,  2, OFF,    0",
        // rec-4 is buffered, not yet written: what was not synced may be lost, and nothing of it was applied.
        "relay.append.after,   5, COMMIT, 3",
        "relay.rotate.created, 2, COMMIT, 7",
        "relay.sync.before,    4, COMMIT, 3",
        "relay.gc.deleted,     1, COMMIT, 5",
        "relay.gc.deleted,     2, OFF,    9",
    })
    void recoversFromAKillAt(String point, int occurrence, String policy, int lastComplete, @TempDir Path tmp)
            throws Exception {
        Path dir = tmp.resolve("relay");
        Process child = startChild("crash", dir.toString(), point, Integer.toString(occurrence), "64", "12", policy);
        child.getOutputStream().close();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child finished");
        assertEquals(RelayChildProcess.HALT_CODE, child.exitValue(), "child halted at " + point);

        RelayStats stats = new RelayStats();
        try (RelayWriter w = RelayWriter.open(dir, opts().maxFileSize(64).stats(stats).build())) {
            w.append(utf8("after-crash"));
            w.sync();
        }
        assertEquals(point.equals(RelayWriter.PROBE_WRITE_PARTIAL) ? 1 : 0, stats.tornTailRepairs(),
                "only a kill mid-record leaves a torn tail");
        List<String> got = readAll(dir);
        assertEquals("after-crash", got.get(got.size() - 1), got.toString());
        List<String> recs = got.subList(0, got.size() - 1);
        assertTrue(!recs.isEmpty(), got.toString());
        int first = Integer.parseInt(recs.get(0).substring(4));
        for (int i = 0; i < recs.size(); i++) {
            assertEquals("rec-" + (first + i), recs.get(i), "consecutive records: " + got);
        }
        assertEquals("rec-" + lastComplete, recs.get(recs.size() - 1), got.toString());
        assertEquals(0, first % 4, "GC removes whole files only: " + got);
    }
}
