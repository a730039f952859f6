package dev.drainer.runtime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.pd.PdClient;
import dev.drainer.pd.tikv.MetaReader;
import dev.drainer.pd.tikv.TikvReader;
import dev.drainer.runtime.schema.DdlHistoryUnavailableException;
import dev.drainer.runtime.schema.Job;
import dev.drainer.runtime.schema.SchemaException;
import dev.drainer.sim.SimulatedPd;
import dev.drainer.sim.SimulatedTikv;
import dev.drainer.sim.tidb.TidbBinlogEncoder;
import dev.drainer.sim.tidb.TidbHistory;
import dev.drainer.sim.tidb.TidbMetaKeys;
import dev.drainer.testkit.workload.Workload;
import dev.drainer.testkit.workload.WorkloadSpec;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shipped history reader over the simulator's PD and TiKV: every job parsed, a late job waited for, a missing one named. */
class TikvDdlHistoryTest {
    private SimulatedPd pd;
    private SimulatedTikv tikv;
    private TidbHistory encoded;

    @BeforeEach
    void start() throws Exception {
        pd = SimulatedPd.start(7_300_000_000_000_000_011L);
        tikv = SimulatedTikv.start(pd, 1);
        encoded = TidbBinlogEncoder.encodeAll(Workload.generate(WorkloadSpec.defaults(7, "h").withTransactions(300))).history();
    }

    @AfterEach
    void stop() {
        tikv.close();
        pd.close();
    }

    private TikvDdlHistory history(Duration missingJobWait, TikvReader.Options options) {
        PdClient client = PdClient.forUrls(pd.endpoint());
        return new TikvDdlHistory(client, new MetaReader(new TikvReader(client, options), 4), Duration.ofSeconds(5),
                missingJobWait, Duration.ofMillis(100));
    }

    @Test
    void allJobsAreTheEncodersParsedByTheDrainersJsonReader() {
        tikv.putHistory(encoded);
        try (TikvDdlHistory h = history(Duration.ZERO, TikvReader.Options.defaults())) {
            List<Job> jobs = h.allJobs();
            assertEquals(List.copyOf(encoded.jobsById().keySet()), jobs.stream().map(Job::id).toList());
            assertTrue(jobs.size() > 3, "the workload has DDLs: " + jobs.size());
            Job last = jobs.stream().max(Comparator.comparingLong(Job::schemaVersion)).orElseThrow();
            assertEquals(jobs.size(), last.schemaVersion(), "one schema version per job, from 1");
        }
    }

    @Test
    void aJobThatArrivesLateIsWaitedFor() throws Exception {
        Map.Entry<Long, byte[]> job = encoded.jobsById().entrySet().iterator().next();
        try (TikvDdlHistory h = history(Duration.ofSeconds(60), TikvReader.Options.defaults())) {
            CompletableFuture<java.util.Optional<Job>> read = CompletableFuture.supplyAsync(() -> h.job(job.getKey()));
            Thread.sleep(500);
            assertTrue(!read.isDone(), "still polling while the job is not in the history");
            tikv.put(TidbMetaKeys.historyJob(job.getKey()), job.getValue());
            assertEquals(job.getKey(), read.get(30, TimeUnit.SECONDS).orElseThrow().id());
        }
    }

    @Test
    void aMissingJobIsEmptyButOnACluster62OrLaterTheErrorNamesTheVersionsAndTheWorkaround() {
        try (TikvDdlHistory h = history(Duration.ofMillis(300), TikvReader.Options.defaults())) {
            assertTrue(h.job(424242).isEmpty());
            tikv.markDdlTables();
            SchemaException e = assertThrows(SchemaException.class, () -> h.job(424242));
            assertTrue(e.getMessage().startsWith("DDL job 424242 is not in TiKV meta's DDL history"), e.getMessage());
            assertTrue(e.getMessage().contains("TiDB 6.2-6.5") && e.getMessage().contains("mysql.tidb_ddl_history")
                    && e.getMessage().contains("tidb_enable_concurrent_ddl = OFF"), e.getMessage());
        }
    }

    @Test
    void anUnreachableTikvIsReportedAsUnavailableHistory() {
        try (TikvDdlHistory h = history(Duration.ZERO,
                new TikvReader.Options(Duration.ofSeconds(2), 2, Duration.ofMillis(10), Duration.ofMillis(10)))) {
            tikv.close();
            DdlHistoryUnavailableException e = assertThrows(DdlHistoryUnavailableException.class, h::allJobs);
            assertTrue(e.getMessage().startsWith("cannot read the DDL history from TiKV meta: KvScan of ["), e.getMessage());
            assertTrue(e.getMessage().contains("after 2 attempts"), e.getMessage());
        }
    }
}
