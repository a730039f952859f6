package dev.drainer.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.pd.PdClient;
import dev.drainer.pd.tikv.MetaReader;
import dev.drainer.pd.tikv.TikvException;
import dev.drainer.pd.tikv.TikvReader;
import dev.drainer.sim.tidb.TidbMetaKeys;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The drainer's TiKV snapshot reader against the simulator's PD and two TiKV stores: the history
 * hash read over several regions and pages, stale regions and moved leaders retried, snapshot
 * versions, a missing job, and a TiKV that is gone.
 */
class TikvReaderOnSimulatorTest {
    private static final Duration T = Duration.ofSeconds(5);

    private SimulatedPd pd;
    private SimulatedTikv tikv;
    private PdClient client;
    private TikvReader reader;

    @BeforeEach
    void start() throws Exception {
        pd = SimulatedPd.start(7_300_000_000_000_000_001L);
        tikv = SimulatedTikv.start(pd, 2);
        client = PdClient.forUrls(pd.endpoint());
        reader = new TikvReader(client, TikvReader.Options.defaults());
        for (long id = 1; id <= 7; id++) {
            tikv.put(TidbMetaKeys.historyJob(id), job(id));
        }
        // Keys around the hash that a prefix scan must not return.
        tikv.put(TidbMetaKeys.string("DDLJobHistorx"), "other".getBytes(StandardCharsets.UTF_8));
        tikv.put(TidbMetaKeys.string("SchemaVersionKey"), "9".getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        client.close();
        tikv.close();
        pd.close();
    }

    @Test
    void readsEveryHistoryJobAcrossRegionsInPagesInJobIdOrder() throws Exception {
        tikv.split(TidbMetaKeys.historyJob(3));
        tikv.split(TidbMetaKeys.historyJob(6));
        assertEquals(3, tikv.regionCount());
        long scansBefore = tikv.scanCalls();

        Map<Long, byte[]> jobs = new MetaReader(reader, 2).historyJobs(client.tso(T));

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), List.copyOf(jobs.keySet()));
        jobs.forEach((id, json) -> assertArrayEquals(job(id), json, "job " + id));
        // Seven keys in pages of two over three regions: at least one call per page and per region.
        assertTrue(tikv.scanCalls() - scansBefore >= 5, "scan calls: " + (tikv.scanCalls() - scansBefore));
    }

    @Test
    void aStaleRegionAndAMovedLeaderAreRetriedTransparently() throws Exception {
        MetaReader meta = new MetaReader(reader, 3);
        assertEquals(7, meta.historyJobs(client.tso(T)).size()); // the cache now holds the one region

        tikv.split(TidbMetaKeys.historyJob(4));
        long gets = tikv.getCalls();
        assertArrayEquals(job(5), meta.historyJob(5, client.tso(T)).orElseThrow());
        assertEquals(2, tikv.getCalls() - gets, "one EpochNotMatch, then the read on the fresh region");

        tikv.transferLeader(TidbMetaKeys.historyJob(5), 2);
        gets = tikv.getCalls();
        assertArrayEquals(job(6), meta.historyJob(6, client.tso(T)).orElseThrow());
        assertEquals(2, tikv.getCalls() - gets, "one NotLeader from store 1, then the read on store 2");

        tikv.transferLeader(TidbMetaKeys.historyJob(1), 2);
        tikv.split(TidbMetaKeys.historyJob(2));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), List.copyOf(meta.historyJobs(client.tso(T)).keySet()));
    }

    @Test
    void readsAreSnapshotsAtTheirVersionAndAMissingJobIsEmpty() throws Exception {
        MetaReader meta = new MetaReader(reader);
        long before = client.tso(T);
        tikv.put(TidbMetaKeys.historyJob(8), job(8));
        assertTrue(meta.historyJob(8, before).isEmpty(), "written after the read version");
        assertEquals(7, meta.historyJobs(before).size());
        long after = client.tso(T);
        assertArrayEquals(job(8), meta.historyJob(8, after).orElseThrow());
        assertEquals(8, meta.historyJobs(after).size());
        assertTrue(meta.historyJob(99, after).isEmpty());

        assertFalse(meta.ddlTablesExist(after));
        tikv.markDdlTables();
        assertTrue(meta.ddlTablesExist(client.tso(T)));
    }

    @Test
    void aTikvThatIsGoneFailsAfterTheBoundedRetriesNamingKeyAndCause() throws Exception {
        TikvReader impatient = new TikvReader(client,
                new TikvReader.Options(Duration.ofSeconds(2), 3, Duration.ofMillis(10), Duration.ofMillis(20)));
        long ts = client.tso(T);
        tikv.close();
        TikvException e = assertThrows(TikvException.class, () -> new MetaReader(impatient).historyJob(3, ts));
        assertTrue(e.getMessage().startsWith("KvGet of key 6d44444c4a6f624869ff"), e.getMessage());
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("UNAVAILABLE"), e.getMessage());
        assertTrue(e.getMessage().contains("region 1"), e.getMessage());
    }

    private static byte[] job(long id) {
        return ("{\"id\":" + id + ",\"type\":3,\"binlog\":{\"SchemaVersion\":" + (id + 10) + "}}").getBytes(StandardCharsets.UTF_8);
    }
}
