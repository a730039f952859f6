package dev.drainer.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.drainer.proto.binlog.Binlog;
import dev.drainer.proto.binlog.BinlogType;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A pump on a loopback port: serves {@code binlog.Pump/PullBinlogs} from its log (in memory, or a file), writes
 * its record under {@code /tidb-binlog/v1/pumps/<id>} in a {@link SimulatedPd}'s etcd, and when it
 * registers as a new node notifies every online drainer, as a Go pump does (spec §1.3, §1.4, §1.8).
 * Timestamps come from that PD. While idle for the fake interval it stores a fake binlog
 * ({@code tp = Rollback}, {@code start_ts = commit_ts}). Commands: {@link #pause}, {@link #resume},
 * {@link #stop}/{@link #restart} (a crash: the record stays online), {@link #goOffline}, and
 * misbehaviour on demand: {@link #commitGarbage}, {@link #injectDuplicate}, {@link #injectStale}. It serves
 * TLS when its PD does ({@link SimulatedPd#start(long, ServerTls)}), with the same files.
 */
public final class SimulatedPump implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SimulatedPump.class.getName());
    private static final String PUMPS = "/tidb-binlog/v1/pumps/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimulatedPd pd;
    private final String nodeId;
    private final PumpLog log;
    private final PumpService service;
    private final ScheduledExecutorService fakes;
    private volatile int port;
    private volatile boolean fakesHeld;
    private Server server;
    private String state = "offline";

    private SimulatedPump(SimulatedPd pd, String nodeId, long clusterId, Duration fakeInterval, boolean fakesHeld,
                          PumpLog log) {
        this.pd = pd;
        this.log = log;
        this.nodeId = nodeId;
        this.fakesHeld = fakesHeld;
        this.service = new PumpService(nodeId, clusterId, log);
        this.fakes = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-pump-fakes-" + nodeId);
            t.setDaemon(true);
            return t;
        });
        long every = fakeInterval.toMillis();
        fakes.scheduleWithFixedDelay(() -> writeFakeIfIdle(every), every, Math.max(1, every / 4), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts pump {@code nodeId} of {@code pd}'s cluster, registers it online and notifies the online
     * drainers; fails, marking itself offline again, if one of them cannot be notified (as a Go pump
     * refuses to start).
     */
    public static SimulatedPump start(SimulatedPd pd, String nodeId, Duration fakeInterval) throws IOException {
        return start(pd, nodeId, pd.clusterId(), fakeInterval);
    }

    /** As {@link #start(SimulatedPd, String, Duration)}, but believing in another cluster id (a misconfigured pump). */
    public static SimulatedPump start(SimulatedPd pd, String nodeId, long clusterId, Duration fakeInterval) throws IOException {
        return start(pd, nodeId, clusterId, fakeInterval, false, new PumpLog());
    }

    /**
     * As {@link #start(SimulatedPd, String, Duration)}, writing no fakes until {@link #releaseFakes}: a fake
     * takes PD's current ts, so one written before a workload's (older) binlogs are stored would let a
     * stream pass them by.
     */
    static SimulatedPump startHoldingFakes(SimulatedPd pd, String nodeId, Duration fakeInterval) throws IOException {
        return start(pd, nodeId, pd.clusterId(), fakeInterval, true, new PumpLog());
    }

    /** As {@link #startHoldingFakes(SimulatedPd, String, Duration)}, the payloads in {@code logFile} instead of memory. */
    static SimulatedPump startHoldingFakes(SimulatedPd pd, String nodeId, Duration fakeInterval, Path logFile)
            throws IOException {
        return start(pd, nodeId, pd.clusterId(), fakeInterval, true, new PumpLog(logFile));
    }

    private static SimulatedPump start(SimulatedPd pd, String nodeId, long clusterId, Duration fakeInterval,
                                       boolean fakesHeld, PumpLog log) throws IOException {
        SimulatedPump p = new SimulatedPump(pd, nodeId, clusterId, fakeInterval, fakesHeld, log);
        p.listen(0);
        try {
            p.register();
        } catch (IOException e) {
            p.close();
            throw e;
        }
        return p;
    }

    public String nodeId() {
        return nodeId;
    }

    /** {@code 127.0.0.1:<port>}, as written in the record's {@code host}. */
    public String host() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
    }

    /** PullBinlogs calls received so far, refused ones included. */
    public int pulls() {
        return service.pulls();
    }

    /** Messages sent on PullBinlogs streams so far (handed to the transport, within its flow-control window). */
    public long sent() {
        return service.sent();
    }

    /** PullBinlogs calls it answered with gzip, because the drainer asked with gzip. */
    public int gzipPulls() {
        return service.gzipPulls();
    }

    /** Commit ts of every stored binlog (real, fake or garbage), in order. */
    public List<Long> storedCommitTs() {
        return log.commitTsList();
    }

    /** Stores a Commit binlog with fresh start and commit ts from PD; returns its commit ts. */
    public long commit() {
        synchronized (log) {
            long start = pd.nextTs();
            long commit = pd.nextTs();
            Binlog b = Binlog.newBuilder().setTp(BinlogType.Commit).setStartTs(start).setCommitTs(commit)
                    .setPrewriteValue(ByteString.copyFromUtf8("sim:" + nodeId + ":" + commit))
                    .setDdlJobId(0).setDdlSchemaState(0).build();
            log.append(new PumpLog.Entry(start, commit, b.toByteString()));
            return commit;
        }
    }

    /**
     * Stores a binlog written elsewhere (the TiDB encoder's, whose timestamps follow a workload, not
     * this PD): streams serve it in commit-ts order, so store it before a stream has passed its ts.
     */
    public void store(Binlog b) {
        store(b.getStartTs(), b.getCommitTs(), b.toByteString());
    }

    /** {@link #store(Binlog)} of a binlog already serialized. */
    public void store(long startTs, long commitTs, ByteString binlog) {
        synchronized (log) {
            log.append(new PumpLog.Entry(startTs, commitTs, binlog));
        }
    }

    /** Stores, at a fresh commit ts, bytes that are not a protobuf message; returns that ts. */
    public long commitGarbage() {
        synchronized (log) {
            long commit = pd.nextTs();
            // Field 15 with wire type 7, which does not exist: no protobuf parser accepts it.
            log.append(new PumpLog.Entry(commit, commit, ByteString.copyFrom(new byte[] {0x7f, 0x7f, 0x7f})));
            return commit;
        }
    }

    /** Sends the last stored binlog once more to every open stream. */
    public void injectDuplicate() {
        PumpLog.Entry last = log.last();
        if (last == null) {
            throw new IllegalStateException("simulated pump " + nodeId + " has stored nothing to duplicate");
        }
        log.inject(last);
    }

    /** Sends a Commit binlog with the given (old) commit ts to every open stream, out of order; not stored. */
    public void injectStale(long commitTs) {
        Binlog b = Binlog.newBuilder().setTp(BinlogType.Commit).setStartTs(commitTs - 1).setCommitTs(commitTs)
                .setDdlJobId(0).setDdlSchemaState(0).build();
        log.inject(new PumpLog.Entry(commitTs - 1, commitTs, b.toByteString()));
    }

    /** binlogctl pause-pump: the record says paused and the pump stops serving. */
    public synchronized void pause() {
        writeRecord("paused");
        stopServer();
    }

    /** Back from a pause: serving again and online. A paused pump is no new node, so no drainer is notified. */
    public synchronized void resume() throws IOException {
        listen(port);
        writeRecord("online");
    }

    /** A crash: the port stops answering but the record still says online. */
    public synchronized void stop() {
        stopServer();
    }

    /** Back from a crash on the same port, storage kept. */
    public synchronized void restart() throws IOException {
        listen(port);
    }

    /** binlogctl offline-pump, once drainers caught up: the record says offline and the pump stops. */
    public synchronized void goOffline() {
        writeRecord("offline");
        stopServer();
    }

    private synchronized void register() throws IOException {
        boolean isNew = state.equals("offline");
        writeRecord("online");
        if (isNew) {
            try {
                DrainerNotifier.notifyOnlineDrainers(pd, nodeId);
            } catch (IOException e) {
                writeRecord("offline");
                throw e;
            }
        }
    }

    private synchronized void writeRecord(String newState) {
        state = newState;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("nodeId", nodeId);
        r.put("host", host());
        r.put("state", newState);
        r.put("isAlive", newState.equals("online"));
        r.put("score", 0);
        r.put("label", null);
        r.put("maxCommitTS", log.maxCommitTs());
        r.put("updateTS", pd.nextTs());
        try {
            pd.putKey(PUMPS + nodeId, JSON.writeValueAsString(r));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write pump record of " + nodeId, e);
        }
    }

    /** Lets a pump started with {@link #startHoldingFakes} write fakes when idle, from now on. */
    void releaseFakes() {
        fakesHeld = false;
    }

    private void writeFakeIfIdle(long everyMillis) {
        synchronized (log) {
            if (fakesHeld || System.currentTimeMillis() - log.lastAppendMillis() < everyMillis) {
                return;
            }
            long ts = pd.nextTs();
            Binlog fake = Binlog.newBuilder().setTp(BinlogType.Rollback).setStartTs(ts).setCommitTs(ts)
                    .setDdlJobId(0).setDdlSchemaState(0).build();
            log.append(new PumpLog.Entry(ts, ts, fake.toByteString()));
        }
    }

    private synchronized void listen(int wanted) throws IOException {
        if (server != null) {
            throw new IllegalStateException("simulated pump " + nodeId + " is serving on " + host() + " already");
        }
        server = NettyServerBuilder
                .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), pd.serverCredentials())
                .addService(ServerInterceptors.intercept(service, new RequestEncoding()))
                .build()
                .start();
        port = server.getPort();
        LOG.log(System.Logger.Level.INFO, "simulated pump listening pump={0} host={1}", nodeId, host());
    }

    private synchronized void stopServer() {
        if (server == null) {
            return;
        }
        server.shutdownNow();
        log.wake();
        try {
            server.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
        LOG.log(System.Logger.Level.INFO, "simulated pump stopped pump={0} host={1}", nodeId, host());
    }

    /** Stops serving and generating fakes; the record is left as it is. */
    @Override
    public void close() {
        fakes.shutdownNow();
        stopServer();
        log.close();
    }
}
