package dev.drainer.runtime.pump;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.drainer.pd.GrpcTls;
import dev.drainer.proto.binlog.Binlog;
import dev.drainer.proto.binlog.Pos;
import dev.drainer.proto.binlog.PullBinlogReq;
import dev.drainer.proto.binlog.PullBinlogResp;
import dev.drainer.runtime.merge.Merger;
import dev.drainer.runtime.merge.SourceFailedException;
import dev.drainer.runtime.merge.SourceRemovedException;
import dev.drainer.runtime.metrics.DrainerMetrics;
import io.grpc.CallOptions;
import io.grpc.Context;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Pulls one pump's binlogs into a merge source (spec §1.4, Go {@code drainer/pump.go}): calls
 * {@code /binlog.Pump/PullBinlogs(clusterID, Pos{offset = last commit ts})}, hands each binlog to the
 * merge (waiting until the merge takes it), and after any stream error or end waits the retry pause,
 * re-dials and asks again from the last commit ts received. A payload that is not a binlog is fatal:
 * the merge fails with the pump id and the last good commit ts. While paused it holds no stream.
 */
public final class PumpPuller implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PumpPuller.class.getName());

    private final String pumpId;
    private final String host;
    private final long clusterId;
    private final Merger<PumpBinlog>.Source sink;
    private final PullerOptions options;
    private final DrainerMetrics metrics;
    private final Thread thread;
    private final Object state = new Object();
    private volatile long lastTs;
    private volatile String lastError;
    private boolean paused;
    private boolean closed;
    private Context.CancellableContext call;

    /**
     * @param host    the pump's {@code host:port} from its registry record
     * @param startTs the commit ts to pull above (the merge's latest ts when the pump was found)
     */
    public PumpPuller(String pumpId, String host, long clusterId, long startTs, Merger<PumpBinlog>.Source sink,
                      PullerOptions options, DrainerMetrics metrics) {
        this.pumpId = pumpId;
        this.host = host;
        this.clusterId = clusterId;
        this.lastTs = startTs;
        this.sink = sink;
        this.options = options;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "pull-" + pumpId);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public String pumpId() {
        return pumpId;
    }

    /** The commit ts of the last binlog handed to the merge (or the start ts). */
    public long lastTs() {
        return lastTs;
    }

    /** Why the last stream ended, while the puller retries; empty once binlogs flow again. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** Stops pulling (the pump's state is {@code paused}); the merge stalls on this source until {@link #resume}. */
    public void pause() {
        synchronized (state) {
            paused = true;
            cancelCall();
        }
    }

    public void resume() {
        synchronized (state) {
            paused = false;
            state.notifyAll();
        }
    }

    /** Stops the puller for good and waits for its thread; remove its merge source first so a pending hand-over ends. */
    @Override
    public void close() {
        synchronized (state) {
            closed = true;
            cancelCall();
            state.notifyAll();
        }
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void cancelCall() {
        if (call != null) {
            call.cancel(null);
        }
    }

    private void run() {
        try {
            while (awaitRunnable()) {
                ManagedChannel channel = Grpc.newChannelBuilder("dns:///" + host, options.tls()
                                .map(GrpcTls::credentials).orElseGet(InsecureChannelCredentials::create))
                        .maxInboundMessageSize(options.maxInboundMessageBytes())
                        // PullStream's listener only queues a response for this thread, so it may run on the
                        // transport's thread instead of being handed to the channel's executor per binlog.
                        .directExecutor()
                        .build();
                try {
                    pull(channel);
                    failed("pump ended the stream");
                } catch (StatusRuntimeException e) {
                    failed(options.tls().map(t -> t.describe(e))
                            .orElseGet(() -> e.getStatus().getCode() + ": " + e.getStatus().getDescription()));
                } finally {
                    channel.shutdownNow();
                }
            }
        } catch (SourceRemovedException | InterruptedException e) {
            // Removed from the merge or closed: this puller's work is over.
        } catch (SourceFailedException e) {
            LOG.log(System.Logger.Level.ERROR, "{0}", e.getMessage());
            metrics.errorCount.labels("unmarshal_binlog").inc();
            sink.fail(e);
        }
        LOG.log(System.Logger.Level.INFO, "pump puller stopped pump={0} lastTS={1}", pumpId, lastTs);
    }

    /** Waits while paused; false once closed. */
    private boolean awaitRunnable() throws InterruptedException {
        synchronized (state) {
            while (paused && !closed) {
                state.wait();
            }
            return !closed;
        }
    }

    /** A stream error: say why, unless pause or close caused it, then wait before re-dialling. */
    private void failed(String why) throws InterruptedException {
        synchronized (state) {
            if (paused || closed) {
                return;
            }
        }
        lastError = why;
        LOG.log(System.Logger.Level.WARNING, "pump pull failed, retrying pump={0} host={1} lastTS={2} retryInMs={3} error={4}",
                pumpId, host, lastTs, options.retryPause().toMillis(), why);
        Thread.sleep(options.retryPause().toMillis());
    }

    private void pull(ManagedChannel channel) throws InterruptedException, SourceRemovedException {
        Context.CancellableContext ctx = Context.current().withCancellation();
        synchronized (state) {
            if (paused || closed) {
                return;
            }
            call = ctx;
        }
        Context previous = ctx.attach();
        try {
            long from = lastTs;
            LOG.log(System.Logger.Level.INFO, "pulling binlogs pump={0} host={1} fromTS={2}", pumpId, host, from);
            PullStream stream = PullStream.open(channel,
                    options.gzip() ? CallOptions.DEFAULT.withCompression("gzip") : CallOptions.DEFAULT,
                    PullBinlogReq.newBuilder().setClusterID(clusterId).setStartFrom(Pos.newBuilder().setOffset(from)).build());
            for (PullBinlogResp r = stream.next(); r != null; r = stream.next()) {
                PumpBinlog item = decode(r);
                lastError = null;
                if (item.commitTs() <= lastTs) {
                    LOG.log(System.Logger.Level.WARNING, "pump receive unsort binlog pump={0} commitTS={1} lastTS={2}",
                            pumpId, item.commitTs(), lastTs);
                }
                sink.put(item);
                lastTs = item.commitTs();
            }
        } finally {
            ctx.detach(previous);
            ctx.cancel(null);
            synchronized (state) {
                call = null;
            }
        }
    }

    private PumpBinlog decode(PullBinlogResp r) {
        Binlog b;
        try {
            b = Binlog.parseFrom(r.getEntity().getPayload());
        } catch (InvalidProtocolBufferException e) {
            throw new SourceFailedException("pump " + pumpId + " (" + host + ") sent a payload that is not a binlog after commit ts "
                    + lastTs + " (entity meta commitTs=" + r.getEntity().getMeta().getCommitTs() + ", "
                    + r.getEntity().getPayload().size() + " bytes): " + e.getMessage(), e);
        }
        int size = r.getEntity().getPayload().size();
        metrics.readBinlogSize.labels(pumpId).observe(size);
        long commitPhysicalMs = b.getCommitTs() >>> 18;
        metrics.binlogReachDurationTime.labels(pumpId).observe(Math.max(0, System.currentTimeMillis() - commitPhysicalMs) / 1000.0);
        return new PumpBinlog(pumpId, b, size);
    }
}
