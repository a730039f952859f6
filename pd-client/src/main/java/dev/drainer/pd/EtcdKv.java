package dev.drainer.pd;

import com.google.protobuf.ByteString;
import dev.drainer.pd.proto.etcdserverpb.Compare;
import dev.drainer.pd.proto.etcdserverpb.KVGrpc;
import dev.drainer.pd.proto.etcdserverpb.PutRequest;
import dev.drainer.pd.proto.etcdserverpb.RangeRequest;
import dev.drainer.pd.proto.etcdserverpb.RangeResponse;
import dev.drainer.pd.proto.etcdserverpb.RequestOp;
import dev.drainer.pd.proto.etcdserverpb.TxnRequest;
import dev.drainer.pd.proto.mvccpb.KeyValue;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The etcd v3 KV calls the node registry needs, against PD's embedded etcd (or any etcd). Keys are
 * UTF-8 text. Reads move on to the next endpoint when one is unreachable or slow; writes only when
 * one is unreachable, since a slow write may still apply.
 */
public final class EtcdKv {
    private static final Predicate<Status.Code> READ_RETRY =
            c -> c == Status.Code.UNAVAILABLE || c == Status.Code.DEADLINE_EXCEEDED;
    private static final Predicate<Status.Code> WRITE_RETRY = c -> c == Status.Code.UNAVAILABLE;

    private final EndpointPool pool;
    private final long timeoutMillis;

    EtcdKv(EndpointPool pool, Duration requestTimeout) {
        this.pool = pool;
        this.timeoutMillis = requestTimeout.toMillis();
    }

    /** The pair stored at {@code key}, if any. */
    public Optional<KvEntry> get(String key) throws PdException {
        RangeResponse r = pool.firstAnswer("etcd Range " + key, READ_RETRY,
                (endpoint, channel) -> stub(channel).range(RangeRequest.newBuilder().setKey(bytes(key)).build()));
        return r.getKvsList().stream().findFirst().map(EtcdKv::entry);
    }

    /** Every pair whose key starts with {@code prefix}, in key order. */
    public List<KvEntry> getPrefix(String prefix) throws PdException {
        ByteString from = bytes(prefix);
        RangeResponse r = pool.firstAnswer("etcd Range prefix " + prefix, READ_RETRY,
                (endpoint, channel) -> stub(channel).range(RangeRequest.newBuilder()
                        .setKey(from).setRangeEnd(prefixEnd(from)).build()));
        return r.getKvsList().stream().map(EtcdKv::entry).toList();
    }

    /** Writes {@code key} whatever it holds. */
    public void put(String key, byte[] value) throws PdException {
        pool.firstAnswer("etcd Put " + key, WRITE_RETRY, (endpoint, channel) -> stub(channel).put(
                PutRequest.newBuilder().setKey(bytes(key)).setValue(ByteString.copyFrom(value)).build()));
    }

    /**
     * One transaction: if {@code key}'s mod revision (0 when absent) compares to {@code modRevision}
     * as {@code cmp} says, put {@code value}. Returns whether the put applied.
     */
    public boolean putIf(String key, byte[] value, RevisionCompare cmp, long modRevision) throws PdException {
        TxnRequest txn = TxnRequest.newBuilder()
                .addCompare(Compare.newBuilder()
                        .setKey(bytes(key))
                        .setTarget(Compare.CompareTarget.MOD)
                        .setResult(Compare.CompareResult.valueOf(cmp.name()))
                        .setModRevision(modRevision))
                .addSuccess(RequestOp.newBuilder().setRequestPut(
                        PutRequest.newBuilder().setKey(bytes(key)).setValue(ByteString.copyFrom(value))))
                .build();
        return pool.firstAnswer("etcd Txn " + key + " if mod revision " + cmp + " " + modRevision, WRITE_RETRY,
                (endpoint, channel) -> stub(channel).txn(txn)).getSucceeded();
    }

    private KVGrpc.KVBlockingStub stub(ManagedChannel channel) {
        return KVGrpc.newBlockingStub(channel).withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * The range end that selects every key starting with {@code prefix}, as etcd's clientv3
     * GetPrefixRangeEnd: the prefix with its last byte below 0xff incremented and what follows dropped;
     * "\0" (all keys) when every byte is 0xff.
     */
    static ByteString prefixEnd(ByteString prefix) {
        byte[] end = prefix.toByteArray();
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return ByteString.copyFrom(end, 0, i + 1);
            }
        }
        return ByteString.copyFrom(new byte[] {0});
    }

    private static ByteString bytes(String s) {
        return ByteString.copyFrom(s, StandardCharsets.UTF_8);
    }

    private static KvEntry entry(KeyValue kv) {
        return new KvEntry(kv.getKey().toStringUtf8(), kv.getValue().toByteArray(), kv.getCreateRevision(),
                kv.getModRevision(), kv.getVersion());
    }
}
