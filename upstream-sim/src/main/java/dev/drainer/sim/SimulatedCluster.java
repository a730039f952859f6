package dev.drainer.sim;

import dev.drainer.sim.tidb.TidbBinlogEncoder;
import dev.drainer.testkit.workload.Transaction;
import dev.drainer.testkit.workload.Workload;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A whole simulated upstream on loopback, what a drainer's {@code pd-urls} points at: a
 * {@link SimulatedPd}, {@link SimulatedTikv} stores holding TiDB's meta, and pumps named
 * {@code pump-a}, {@code pump-b}, … A testkit workload goes in through a {@link WorkloadFeed}, all
 * at once or at a rate. {@link #stopUpstream} takes PD and the pumps down (the feed waits) and
 * {@link #restartUpstream} brings them back on the same ports, data kept; TiKV stays up.
 *
 * <p>Workload binlogs carry the workload's commit ts, not PD's: {@link #pastFirstCommitTs} places a
 * workload before PD's clock, and the pumps write no fakes until a feed has stored its last binlog,
 * so no fake (at PD's now) ever overtakes a binlog still to come.
 */
public final class SimulatedCluster implements AutoCloseable {
    private static final Duration FAKE_INTERVAL = Duration.ofMillis(100);

    private final SimulatedPd pd;
    private final List<SimulatedPump> pumps = new ArrayList<>();
    private final List<WorkloadFeed> feeds = new ArrayList<>();
    private SimulatedTikv tikv;
    private boolean upstreamUp = true;

    private SimulatedCluster(SimulatedPd pd) {
        this.pd = pd;
    }

    /** Starts PD for {@code clusterId}, {@code tikvStores} TiKV stores and {@code pumps} pumps (registered online). */
    public static SimulatedCluster start(long clusterId, int pumps, int tikvStores) throws IOException {
        return start(clusterId, pumps, tikvStores, null);
    }

    /**
     * As {@link #start(long, int, int)}, each pump keeping its payloads in file {@code <pumpLogDir>/<pump id>.log}
     * instead of memory (a backlog of gigabytes); null: in memory. The caller owns the directory.
     */
    public static SimulatedCluster start(long clusterId, int pumps, int tikvStores, Path pumpLogDir) throws IOException {
        return start(clusterId, pumps, tikvStores, pumpLogDir, null);
    }

    /**
     * As {@link #start(long, int, int, Path)}, PD, TiKV and the pumps serving TLS with {@code tls} (null:
     * plaintext), and the pumps calling drainers' {@code Notify} over TLS with the same files.
     */
    public static SimulatedCluster start(long clusterId, int pumps, int tikvStores, Path pumpLogDir, ServerTls tls)
            throws IOException {
        if (pumps < 1 || tikvStores < 1) {
            throw new IllegalArgumentException("a simulated cluster needs pumps >= 1 and tikvStores >= 1, got pumps="
                    + pumps + " tikvStores=" + tikvStores);
        }
        SimulatedCluster c = new SimulatedCluster(SimulatedPd.start(clusterId, tls));
        try {
            c.tikv = SimulatedTikv.start(c.pd, tikvStores);
            for (int i = 0; i < pumps; i++) {
                String id = "pump-" + (char) ('a' + i);
                c.pumps.add(pumpLogDir == null ? SimulatedPump.startHoldingFakes(c.pd, id, FAKE_INTERVAL)
                        : SimulatedPump.startHoldingFakes(c.pd, id, FAKE_INTERVAL, pumpLogDir.resolve(id + ".log")));
            }
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** PD's {@code http(s)://127.0.0.1:<port>}, the same across {@link #restartUpstream}. */
    public String pdEndpoint() {
        return pd.endpoint();
    }

    public long clusterId() {
        return pd.clusterId();
    }

    public SimulatedPd pd() {
        return pd;
    }

    public SimulatedTikv tikv() {
        return tikv;
    }

    public List<SimulatedPump> pumps() {
        return List.copyOf(pumps);
    }

    /**
     * A first commit ts for a workload of {@code transactions} that lies wholly before PD's clock, so
     * the pumps' fakes come after every one of its transactions.
     */
    public long pastFirstCommitTs(int transactions) {
        // The workload generator moves each commit at most 50 ms on.
        return pd.nextTs() - ((transactions * 51L + 1000) << 18);
    }

    /** A feed of {@code w} into this cluster (its starting history written now); nothing is fed until asked. */
    public synchronized WorkloadFeed feed(Workload w) {
        WorkloadFeed f = new WorkloadFeed(w, tikv, pumps, this::releaseFakes);
        if (!upstreamUp) {
            f.pause();
        }
        feeds.add(f);
        return f;
    }

    /**
     * A feed of transactions generated as they are fed, for a stream too large to hold (the binlogs fed
     * are not kept: {@link WorkloadFeed#binlogs()} stays empty); it must start with the CREATE TABLEs
     * of database {@code schema}, at or after {@code firstCommitTs}.
     */
    public synchronized WorkloadFeed feed(String schema, long firstCommitTs, Iterator<Transaction> transactions) {
        WorkloadFeed f = new WorkloadFeed(schema, firstCommitTs, transactions, tikv, pumps, this::releaseFakes);
        if (!upstreamUp) {
            f.pause();
        }
        feeds.add(f);
        return f;
    }

    /** Feeds all of {@code w} now: its history in TiKV meta, its binlogs in the pumps. */
    public TidbBinlogEncoder.Encoded load(Workload w) throws InterruptedException {
        WorkloadFeed f = feed(w);
        f.feedAll();
        return new TidbBinlogEncoder.Encoded(f.binlogs(), f.history());
    }

    private void releaseFakes() {
        pumps.forEach(SimulatedPump::releaseFakes);
    }

    /** The upstream is lost: feeds hold, pumps stop answering (records still online), PD stops answering. */
    public synchronized void stopUpstream() {
        feeds.forEach(WorkloadFeed::pause);
        pumps.forEach(SimulatedPump::stop);
        pd.stop();
        upstreamUp = false;
    }

    /** PD and the pumps back on their ports with their data; feeds go on. */
    public synchronized void restartUpstream() throws IOException {
        if (upstreamUp) {
            return;
        }
        pd.restart();
        for (SimulatedPump p : pumps) {
            p.restart();
        }
        upstreamUp = true;
        feeds.forEach(WorkloadFeed::resume);
    }

    public synchronized boolean upstreamUp() {
        return upstreamUp;
    }

    @Override
    public synchronized void close() {
        feeds.forEach(WorkloadFeed::close);
        pumps.forEach(SimulatedPump::close);
        if (tikv != null) {
            tikv.close();
        }
        pd.close();
    }
}
