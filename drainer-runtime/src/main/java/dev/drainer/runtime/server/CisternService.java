package dev.drainer.runtime.server;

import dev.drainer.proto.binlog.CisternGrpc;
import dev.drainer.proto.binlog.DumpBinlogReq;
import dev.drainer.proto.binlog.DumpBinlogResp;
import dev.drainer.proto.binlog.DumpDDLJobsReq;
import dev.drainer.proto.binlog.DumpDDLJobsResp;
import dev.drainer.proto.binlog.NotifyReq;
import dev.drainer.proto.binlog.NotifyResp;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * {@code binlog.Cistern} as the Go drainer serves it (spec §1.8): {@code Notify} runs a pump-status
 * refresh and answers with its error, which a registering pump treats as fatal to its start;
 * {@code DumpBinlog} and {@code DumpDDLJobs} answer nothing.
 */
public final class CisternService extends CisternGrpc.CisternImplBase {
    private static final System.Logger LOG = System.getLogger(CisternService.class.getName());

    /** What {@code Notify} runs: re-read the pump registry and act on it, now. */
    @FunctionalInterface
    public interface Refresh {
        void refreshPumps() throws Exception;
    }

    private final Refresh refresh;

    public CisternService(Refresh refresh) {
        this.refresh = refresh;
    }

    @Override
    public void notify(NotifyReq request, StreamObserver<NotifyResp> out) {
        try {
            refresh.refreshPumps();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.onError(Status.UNAVAILABLE.withDescription("drainer is shutting down").asRuntimeException());
            return;
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "notify: pump refresh failed error={0}", e.getMessage());
            // The Go drainer returns the error, which grpc-go sends as UNKNOWN with its text.
            out.onError(Status.UNKNOWN.withDescription("pump refresh failed: " + e.getMessage()).withCause(e).asRuntimeException());
            return;
        }
        out.onNext(NotifyResp.getDefaultInstance());
        out.onCompleted();
    }

    @Override
    public void dumpBinlog(DumpBinlogReq request, StreamObserver<DumpBinlogResp> out) {
        out.onCompleted();
    }

    @Override
    public void dumpDDLJobs(DumpDDLJobsReq request, StreamObserver<DumpDDLJobsResp> out) {
        out.onNext(DumpDDLJobsResp.getDefaultInstance());
        out.onCompleted();
    }
}
