package dev.drainer.sim;

import dev.drainer.sim.tidb.TidbHistory;
import dev.drainer.sim.tidb.TidbMetaKeys;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TiKV stores on loopback ports behind a {@link SimulatedPd}: one copy of the data served by every
 * store, regions and leaders as the PD reports them, KvGet and KvScan at a version (the simulated
 * TiDB's meta keys, written at fresh timestamps of that PD). Tests split regions and move leaders to
 * make a client meet EpochNotMatch and NotLeader.
 */
public final class SimulatedTikv implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SimulatedTikv.class.getName());

    private final SimulatedPd pd;
    private final VersionedKv kv = new VersionedKv();
    private final AtomicLong gets = new AtomicLong();
    private final AtomicLong scans = new AtomicLong();
    private final List<Server> servers = new ArrayList<>();
    private final Set<Long> writtenJobs = new HashSet<>();

    private SimulatedTikv(SimulatedPd pd) {
        this.pd = pd;
    }

    /** Starts {@code stores} stores (ids 1..n) and registers them with {@code pd}; store 1 leads every region. */
    public static SimulatedTikv start(SimulatedPd pd, int stores) throws IOException {
        SimulatedTikv t = new SimulatedTikv(pd);
        try {
            for (long id = 1; id <= stores; id++) {
                Server s = NettyServerBuilder
                        .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), pd.serverCredentials())
                        .addService(new TikvService(id, pd.regions(), t.kv, t.gets, t.scans))
                        .build()
                        .start();
                t.servers.add(s);
                String address = InetAddress.getLoopbackAddress().getHostAddress() + ":" + s.getPort();
                pd.regions().addStore(id, address);
                LOG.log(System.Logger.Level.INFO, "simulated TiKV store listening storeID={0} address={1}", id, address);
            }
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** Commits {@code value} under {@code key} at a fresh timestamp of the PD, as a TiDB transaction would. */
    public void put(byte[] key, byte[] value) {
        kv.put(key, pd.nextTs(), value);
    }

    /** Writes the history jobs not written yet into meta hash {@code DDLJobHistory}, as TiDB does when a DDL job finishes. */
    public synchronized void putHistory(TidbHistory history) {
        for (Map.Entry<Long, byte[]> j : history.jobsById().entrySet()) {
            if (writtenJobs.add(j.getKey())) {
                put(TidbMetaKeys.historyJob(j.getKey()), j.getValue());
            }
        }
    }

    /** Writes meta string {@code DDLTableVersion}, as TiDB 6.2 and later do once their DDL system tables exist. */
    public void markDdlTables() {
        put(TidbMetaKeys.string("DDLTableVersion"), "1".getBytes(StandardCharsets.US_ASCII));
    }

    /** Splits the region holding {@code rawKey} at it (both halves get a new epoch). */
    public void split(byte[] rawKey) {
        pd.regions().split(rawKey);
    }

    /** Moves the lead of the region holding {@code rawKey} to store {@code storeId}. */
    public void transferLeader(byte[] rawKey, long storeId) {
        pd.regions().transferLeader(rawKey, storeId);
    }

    public int regionCount() {
        return pd.regions().all().size();
    }

    /** KvGet calls answered so far, region errors included. */
    public long getCalls() {
        return gets.get();
    }

    /** KvScan calls answered so far, region errors included. */
    public long scanCalls() {
        return scans.get();
    }

    /** Stops every store: calls fail and the ports refuse connections. */
    @Override
    public void close() {
        servers.forEach(Server::shutdownNow);
        for (Server s : servers) {
            try {
                s.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
