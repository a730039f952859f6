package dev.drainer.sim;

import dev.drainer.pd.proto.etcdserverpb.KVGrpc;
import dev.drainer.pd.proto.etcdserverpb.PutRequest;
import dev.drainer.pd.proto.etcdserverpb.PutResponse;
import dev.drainer.pd.proto.etcdserverpb.RangeRequest;
import dev.drainer.pd.proto.etcdserverpb.RangeResponse;
import dev.drainer.pd.proto.etcdserverpb.TxnRequest;
import dev.drainer.pd.proto.etcdserverpb.TxnResponse;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/** etcd's KV service (Range, Put, Txn) over a {@link MvccStore}, as PD's embedded etcd serves it. */
final class EtcdKvService extends KVGrpc.KVImplBase {
    private final MvccStore store;

    EtcdKvService(MvccStore store) {
        this.store = store;
    }

    @Override
    public void range(RangeRequest request, StreamObserver<RangeResponse> out) {
        answer(out, () -> store.range(request));
    }

    @Override
    public void put(PutRequest request, StreamObserver<PutResponse> out) {
        answer(out, () -> store.put(request));
    }

    @Override
    public void txn(TxnRequest request, StreamObserver<TxnResponse> out) {
        answer(out, () -> store.txn(request));
    }

    /** The store refuses with a gRPC status; thrown out of a handler it would reach the client as UNKNOWN. */
    private static <T> void answer(StreamObserver<T> out, Supplier<T> call) {
        T response;
        try {
            response = call.get();
        } catch (StatusRuntimeException e) {
            out.onError(e);
            return;
        }
        out.onNext(response);
        out.onCompleted();
    }
}
