package dev.drainer.sim;

import dev.drainer.proto.binlog.Entity;
import dev.drainer.proto.binlog.Meta;
import dev.drainer.proto.binlog.PullBinlogReq;
import dev.drainer.proto.binlog.PullBinlogResp;
import dev.drainer.proto.binlog.PumpGrpc;
import dev.drainer.proto.binlog.WriteBinlogReq;
import dev.drainer.proto.binlog.WriteBinlogResp;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code binlog.Pump} as a pump serves it to drainers: PullBinlogs refuses a foreign cluster id in
 * the Go pump's words, then streams every stored binlog above {@code startFrom.offset} in commit-ts
 * order and keeps the stream open for more. {@code entity.pos} and {@code checksum} stay empty and
 * {@code meta} carries start and commit ts, as the Go pump sends them. A request sent with gzip is
 * answered with gzip, as grpc-go answers in the request's compressor.
 */
final class PumpService extends PumpGrpc.PumpImplBase {
    private static final System.Logger LOG = System.getLogger(PumpService.class.getName());

    private final String nodeId;
    private final long clusterId;
    private final PumpLog log;
    private final AtomicInteger pulls = new AtomicInteger();
    private final AtomicInteger gzipPulls = new AtomicInteger();
    private final AtomicLong sent = new AtomicLong();

    PumpService(String nodeId, long clusterId, PumpLog log) {
        this.nodeId = nodeId;
        this.clusterId = clusterId;
        this.log = log;
    }

    /** PullBinlogs calls received so far, refused ones included. */
    int pulls() {
        return pulls.get();
    }

    /** Messages handed to PullBinlogs streams' transport so far. */
    long sent() {
        return sent.get();
    }

    /** PullBinlogs calls served with gzip-compressed responses. */
    int gzipPulls() {
        return gzipPulls.get();
    }

    @Override
    public void writeBinlog(WriteBinlogReq request, StreamObserver<WriteBinlogResp> out) {
        out.onError(Status.UNIMPLEMENTED.withDescription("simulated pump " + nodeId + " takes binlogs from its test, not from TiDB")
                .asRuntimeException());
    }

    @Override
    public void pullBinlogs(PullBinlogReq request, StreamObserver<PullBinlogResp> responses) {
        pulls.incrementAndGet();
        if (request.getClusterID() != clusterId) {
            // grpc-go sends a handler's plain error as UNKNOWN with its text.
            responses.onError(Status.UNKNOWN.withDescription("cluster ID are mismatch, "
                    + Long.toUnsignedString(request.getClusterID()) + " vs " + Long.toUnsignedString(clusterId))
                    .asRuntimeException());
            return;
        }
        ServerCallStreamObserver<PullBinlogResp> out = (ServerCallStreamObserver<PullBinlogResp>) responses;
        out.setOnCancelHandler(log::wake);
        if (RequestEncoding.current().equals("gzip")) {
            out.setCompression("gzip");
            gzipPulls.incrementAndGet();
        }
        PumpLog.Cursor cursor = log.open(request.getStartFrom().getOffset());
        LOG.log(System.Logger.Level.INFO, "simulated pump serving pump={0} fromTS={1}", nodeId, request.getStartFrom().getOffset());
        try {
            for (PumpLog.Entry e; (e = cursor.next(() -> !out.isCancelled())) != null; ) {
                if (!awaitReady(out)) {
                    break;
                }
                out.onNext(PullBinlogResp.newBuilder().setEntity(Entity.newBuilder()
                        .setPayload(e.payload())
                        .setMeta(Meta.newBuilder().setStartTs(e.startTs()).setCommitTs(e.commitTs())))
                        .build());
                sent.incrementAndGet();
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException ex) {
            // The call was cancelled between the check and the send.
            LOG.log(System.Logger.Level.DEBUG, "simulated pump stream ended pump={0} error={1}", nodeId, ex.getMessage());
        } finally {
            log.close(cursor);
        }
    }

    /**
     * Waits until the stream's flow-control window takes another message, as grpc-go's {@code Send}
     * blocks: without it a backlog would pile up in this JVM's transport buffers, not in the drainer's
     * window. Polled, since the call's onReady callback cannot run while this handler holds its thread.
     * False once the call is cancelled.
     */
    private static boolean awaitReady(ServerCallStreamObserver<PullBinlogResp> out) throws InterruptedException {
        while (!out.isReady()) {
            if (out.isCancelled()) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }
}
