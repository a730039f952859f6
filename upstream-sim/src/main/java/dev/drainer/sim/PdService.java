package dev.drainer.sim;

import dev.drainer.pd.proto.pdpb.GetMembersRequest;
import dev.drainer.pd.proto.pdpb.GetMembersResponse;
import dev.drainer.pd.proto.pdpb.Member;
import dev.drainer.pd.proto.pdpb.PDGrpc;
import dev.drainer.pd.proto.pdpb.ResponseHeader;
import dev.drainer.pd.proto.pdpb.TsoRequest;
import dev.drainer.pd.proto.pdpb.TsoResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** PD's GetMembers and Tso for a one-member cluster that is always its own leader. */
final class PdService extends PDGrpc.PDImplBase {
    private final long clusterId;
    private final Supplier<Member> self;
    private final TsoAllocator tso;

    /** @param self this member as it is now: its client URL names the port it listens on */
    PdService(long clusterId, Supplier<Member> self, TsoAllocator tso) {
        this.clusterId = clusterId;
        this.self = self;
        this.tso = tso;
    }

    @Override
    public void getMembers(GetMembersRequest request, StreamObserver<GetMembersResponse> out) {
        out.onNext(GetMembersResponse.newBuilder()
                .setHeader(header())
                .addMembers(self.get())
                .setLeader(self.get())
                .setEtcdLeader(self.get())
                .build());
        out.onCompleted();
    }

    @Override
    public StreamObserver<TsoRequest> tso(StreamObserver<TsoResponse> out) {
        return new StreamObserver<>() {
            @Override
            public void onNext(TsoRequest r) {
                // The refusals PD makes, in its words (less its error-code prefixes).
                if (r.getHeader().getClusterId() != clusterId) {
                    out.onError(Status.FAILED_PRECONDITION.withDescription("mismatch cluster id, need "
                            + Long.toUnsignedString(clusterId) + " but got "
                            + Long.toUnsignedString(r.getHeader().getClusterId())).asRuntimeException());
                    return;
                }
                if (r.getCount() == 0) {
                    out.onError(Status.UNKNOWN.withDescription("tso count should be positive").asRuntimeException());
                    return;
                }
                out.onNext(TsoResponse.newBuilder()
                        .setHeader(header())
                        .setCount(r.getCount())
                        .setTimestamp(tso.next(r.getCount()))
                        .build());
            }

            @Override
            public void onError(Throwable t) {
                // The client went away; nothing is held for it.
            }

            @Override
            public void onCompleted() {
                out.onCompleted();
            }
        };
    }

    private ResponseHeader header() {
        return ResponseHeader.newBuilder().setClusterId(clusterId).build();
    }
}
