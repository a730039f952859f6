package dev.drainer.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.pd.PdClient;
import dev.drainer.pd.PdException;
import dev.drainer.pd.tikv.MetaReader;
import dev.drainer.pd.tikv.TikvReader;
import dev.drainer.proto.binlog.Binlog;
import dev.drainer.proto.binlog.Pos;
import dev.drainer.proto.binlog.PullBinlogReq;
import dev.drainer.proto.binlog.PullBinlogResp;
import dev.drainer.proto.binlog.PumpGrpc;
import dev.drainer.sim.tidb.TidbBinlogEncoder;
import dev.drainer.testkit.workload.Transaction;
import dev.drainer.testkit.workload.Workload;
import dev.drainer.testkit.workload.WorkloadSpec;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade over the wire: pumps serve a loaded workload before any fake, a live feed holds while the upstream is down. */
class SimulatedClusterTest {
    private static final Duration T = Duration.ofSeconds(10);

    private static Workload workload(SimulatedCluster c, long seed, int transactions) {
        return Workload.generate(WorkloadSpec.defaults(seed, "simc").withTransactions(transactions)
                .withFirstCommitTs(c.pastFirstCommitTs(transactions + 4)));
    }

    @Test
    void loadedWorkloadIsServedByThePumpsInOrderBeforeAnyFakeWithItsHistoryInTikv() throws Exception {
        try (SimulatedCluster c = SimulatedCluster.start(7_400_000_000_000_000_001L, 3, 1);
             PdClient pd = PdClient.forUrls(c.pdEndpoint())) {
            Workload w = workload(c, 3, 60);
            TidbBinlogEncoder.Encoded enc = c.load(w);
            assertEquals(w.transactions().size(), enc.binlogs().size());

            Set<Long> served = new TreeSet<>();
            for (int p = 0; p < 3; p++) {
                List<Binlog> upToFake = pullUntilFake(c.pumps().get(p), c.clusterId());
                Binlog fake = upToFake.remove(upToFake.size() - 1);
                assertTrue(fake.getCommitTs() > w.lastCommitTs(), "a fake comes after the whole workload");
                for (int i = 0; i < upToFake.size(); i++) {
                    assertEquals(enc.binlogs().get(p + 3 * i), upToFake.get(i), "pump " + p + " item " + i);
                    served.add(upToFake.get(i).getCommitTs());
                }
            }
            assertEquals(w.transactions().stream().map(Transaction::commitTs).toList(), List.copyOf(served));
            assertEquals(enc.history().jobsById().keySet(), historyInTikv(pd).keySet());
            assertTrue(enc.history().jobsById().size() > 4, "CREATE DATABASE and the tables' jobs");
        }
    }

    @Test
    void liveFeedHoldsWhileTheUpstreamIsDownAndFinishesAfterItComesBack() throws Exception {
        try (SimulatedCluster c = SimulatedCluster.start(7_400_000_000_000_000_002L, 2, 1);
             PdClient pd = PdClient.forUrls(c.pdEndpoint())) {
            Workload w = workload(c, 4, 80);
            WorkloadFeed feed = c.feed(w);
            assertEquals(0, feed.fed());
            assertEquals(Duration.ZERO, feed.lag(w.firstCommitTs() - 1), "nothing fed, nothing missing");
            feed.start(100);
            await(() -> feed.fed() >= 10);

            c.stopUpstream();
            int held = feed.fed();
            assertThrows(PdException.class, () -> pd.members(Duration.ofSeconds(1)));
            Thread.sleep(400);
            assertEquals(held, feed.fed(), "no commits while PD is down");
            assertTrue(feed.lag(w.firstCommitTs() - 1).toMillis() >= 400, "the oldest unapplied one waits");

            c.restartUpstream();
            feed.awaitDone(Duration.ofSeconds(60));
            assertEquals(c.clusterId(), pd.members(T).clusterId());
            assertEquals(Duration.ZERO, feed.lag(w.lastCommitTs()));
            List<Long> stored = new ArrayList<>();
            c.pumps().forEach(p -> stored.addAll(p.storedCommitTs()));
            assertTrue(stored.containsAll(w.transactions().stream().map(Transaction::commitTs).toList()));
            // DDL jobs went to TiKV as their transactions were fed, not before.
            assertEquals(feed.history().jobsById().keySet(), historyInTikv(pd).keySet());
            assertTrue(w.transactions().stream().filter(Transaction::isDdl).count() + 1
                    == feed.history().jobsById().size(), "one job per DDL plus CREATE DATABASE");
        }
    }

    @Test
    void aGeneratedStreamFedIntoFileBackedPumpsIsServedAsTheLoadedWorkloadWithoutKeepingIt(@TempDir Path dir)
            throws Exception {
        try (SimulatedCluster c = SimulatedCluster.start(7_400_000_000_000_000_003L, 3, 1, dir);
             PdClient pd = PdClient.forUrls(c.pdEndpoint())) {
            Workload w = workload(c, 5, 60);
            List<Binlog> expected = TidbBinlogEncoder.encodeAll(w).binlogs();
            WorkloadFeed feed = c.feed(w.schema(), w.firstCommitTs(), w.transactions().iterator());
            feed.feedAll();
            assertTrue(feed.done());
            assertEquals(List.of(), feed.binlogs(), "a stream's binlogs are not kept");
            assertEquals(expected.stream().mapToLong(Binlog::getSerializedSize).sum(), feed.fedBytes());
            assertPumpsServeInTurn(c, expected);
            for (SimulatedPump p : c.pumps()) {
                assertTrue(Files.size(dir.resolve(p.nodeId() + ".log")) > 0, "payloads in the pump's file");
            }
            assertEquals(feed.history().jobsById().keySet(), historyInTikv(pd).keySet());
        }
    }

    @Test
    void aStreamEncodedAheadIsServedAsTheSameBinlogsWhetherFedByRowsOrAtARate(@TempDir Path dir) throws Exception {
        try (SimulatedCluster c = SimulatedCluster.start(7_400_000_000_000_000_004L, 3, 1, dir);
             PdClient pd = PdClient.forUrls(c.pdEndpoint())) {
            Workload w = workload(c, 6, 60);
            List<Binlog> expected = TidbBinlogEncoder.encodeAll(w).binlogs();
            long rows = w.transactions().stream().mapToLong(t -> t.changes().size()).sum();
            Path spool = dir.resolve("feed.bin");
            WorkloadFeed feed = c.feed(w.schema(), w.firstCommitTs(), w.transactions().iterator());
            assertEquals(rows, feed.encodeAhead(spool));
            assertEquals(0, feed.fed(), "encoding ahead feeds nothing");
            assertEquals(feed.history().jobsById().keySet(), historyInTikv(pd).keySet(), "the DDL jobs are in TiKV already");

            long part = feed.feedRows(rows / 3);
            assertTrue(part >= rows / 3 && part < rows, "stops at the transaction that reaches the rows: " + part);
            assertEquals(part, w.transactions().subList(0, feed.fed()).stream().mapToLong(t -> t.changes().size()).sum());
            long mergeable = feed.mergeableCommitTs();
            assertTrue(mergeable >= w.transactions().get(feed.fed() - 3).commitTs()
                    && mergeable < w.transactions().get(feed.fed() - 2).commitTs(),
                    "the merge of three pumps passes all but the last two transactions: " + mergeable);
            feed.start(Double.MAX_VALUE);
            feed.awaitDone(T);
            assertEquals(rows, feed.fedRows());
            assertEquals(expected.stream().mapToLong(Binlog::getSerializedSize).sum(), feed.fedBytes());
            assertEquals(w.lastCommitTs(), feed.lastFedCommitTs());
            assertPumpsServeInTurn(c, expected);
            feed.close();
            assertFalse(Files.exists(spool), "the encoded feed goes with the feed");
        }
    }

    /** Binlog {@code i} of {@code expected} is served by pump {@code i % pumps}, in order, before its first fake. */
    private static void assertPumpsServeInTurn(SimulatedCluster c, List<Binlog> expected) throws Exception {
        int pumps = c.pumps().size();
        for (int p = 0; p < pumps; p++) {
            List<Binlog> upToFake = pullUntilFake(c.pumps().get(p), c.clusterId());
            upToFake.remove(upToFake.size() - 1);
            List<Binlog> ofPump = new ArrayList<>();
            for (int i = p; i < expected.size(); i += pumps) {
                ofPump.add(expected.get(i));
            }
            assertEquals(ofPump, upToFake, "pump " + p);
        }
    }

    private static java.util.Map<Long, byte[]> historyInTikv(PdClient pd) throws Exception {
        return new MetaReader(new TikvReader(pd, TikvReader.Options.defaults())).historyJobs(pd.tso(T));
    }

    /** Every binlog the pump streams from offset 0 up to and including its first fake. */
    private static List<Binlog> pullUntilFake(SimulatedPump p, long clusterId) throws Exception {
        ManagedChannel ch = Grpc.newChannelBuilder(p.host(), InsecureChannelCredentials.create()).build();
        try {
            Iterator<PullBinlogResp> it = PumpGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .pullBinlogs(PullBinlogReq.newBuilder().setClusterID(clusterId).setStartFrom(Pos.newBuilder().setOffset(0)).build());
            List<Binlog> out = new ArrayList<>();
            while (true) {
                Binlog b = Binlog.parseFrom(it.next().getEntity().getPayload());
                out.add(b);
                if (b.getStartTs() == b.getCommitTs()) {
                    return out;
                }
            }
        } finally {
            ch.shutdownNow();
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(20);
        }
    }
}
