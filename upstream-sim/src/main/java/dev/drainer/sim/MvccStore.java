package dev.drainer.sim;

import com.google.protobuf.ByteString;
import dev.drainer.pd.proto.etcdserverpb.Compare;
import dev.drainer.pd.proto.etcdserverpb.PutRequest;
import dev.drainer.pd.proto.etcdserverpb.PutResponse;
import dev.drainer.pd.proto.etcdserverpb.RangeRequest;
import dev.drainer.pd.proto.etcdserverpb.RangeResponse;
import dev.drainer.pd.proto.etcdserverpb.RequestOp;
import dev.drainer.pd.proto.etcdserverpb.ResponseHeader;
import dev.drainer.pd.proto.etcdserverpb.ResponseOp;
import dev.drainer.pd.proto.etcdserverpb.TxnRequest;
import dev.drainer.pd.proto.etcdserverpb.TxnResponse;
import dev.drainer.pd.proto.mvccpb.KeyValue;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * etcd's key space in memory, latest revision only: one store revision that every write (a Put, or a
 * Txn with at least one put) moves on by one, and per key its create and mod revisions and version.
 * Keys order as unsigned bytes, as etcd's do. No history, leases, deletes or watches.
 */
final class MvccStore {
    private static final ByteString ALL_FROM_KEY = ByteString.copyFrom(new byte[] {0});

    private final NavigableMap<ByteString, KeyValue> keys = new TreeMap<>(ByteString.unsignedLexicographicalComparator());
    private final ResponseHeader headerBase;
    // A fresh etcd starts at revision 1.
    private long revision = 1;

    MvccStore(ResponseHeader headerBase) {
        this.headerBase = headerBase;
    }

    synchronized RangeResponse range(RangeRequest r) {
        List<KeyValue> kvs = List.copyOf(select(r.getKey(), r.getRangeEnd()));
        return RangeResponse.newBuilder().setHeader(header()).addAllKvs(kvs).setCount(kvs.size()).build();
    }

    synchronized PutResponse put(PutRequest r) {
        requireKey(r.getKey());
        revision++;
        write(r);
        return PutResponse.newBuilder().setHeader(header()).build();
    }

    /** Compares, then the chosen branch's operations in order, all at one new revision if any writes. */
    synchronized TxnResponse txn(TxnRequest r) {
        checkBranch(r.getSuccessList());
        checkBranch(r.getFailureList());
        boolean succeeded = r.getCompareList().stream().allMatch(this::holds);
        List<RequestOp> ops = succeeded ? r.getSuccessList() : r.getFailureList();
        if (ops.stream().anyMatch(RequestOp::hasRequestPut)) {
            revision++;
        }
        TxnResponse.Builder out = TxnResponse.newBuilder().setSucceeded(succeeded);
        for (RequestOp op : ops) {
            if (op.hasRequestPut()) {
                write(op.getRequestPut());
                out.addResponses(ResponseOp.newBuilder().setResponsePut(PutResponse.newBuilder().setHeader(header())));
            } else {
                out.addResponses(ResponseOp.newBuilder().setResponseRange(range(op.getRequestRange())));
            }
        }
        return out.setHeader(header()).build();
    }

    private Collection<KeyValue> select(ByteString key, ByteString rangeEnd) {
        requireKey(key);
        if (rangeEnd.isEmpty()) {
            KeyValue kv = keys.get(key);
            return kv == null ? List.of() : List.of(kv);
        }
        if (rangeEnd.equals(ALL_FROM_KEY)) {
            return keys.tailMap(key, true).values();
        }
        if (ByteString.unsignedLexicographicalComparator().compare(key, rangeEnd) >= 0) {
            return List.of();
        }
        return keys.subMap(key, true, rangeEnd, false).values();
    }

    private void write(PutRequest p) {
        KeyValue old = keys.get(p.getKey());
        keys.put(p.getKey(), KeyValue.newBuilder()
                .setKey(p.getKey())
                .setValue(p.getValue())
                .setCreateRevision(old == null ? revision : old.getCreateRevision())
                .setModRevision(revision)
                .setVersion(old == null ? 1 : old.getVersion() + 1)
                .build());
    }

    /** etcd's compareKV: an absent key compares as all zeros, except that a value compare on it fails. */
    private boolean holds(Compare c) {
        KeyValue kv = keys.getOrDefault(c.getKey(), KeyValue.getDefaultInstance());
        boolean absent = !keys.containsKey(c.getKey());
        int cmp;
        switch (c.getTarget()) {
            case VALUE -> {
                if (absent) {
                    return false;
                }
                cmp = ByteString.unsignedLexicographicalComparator().compare(kv.getValue(), c.getValue());
            }
            case CREATE -> cmp = Long.compare(kv.getCreateRevision(), c.getCreateRevision());
            case MOD -> cmp = Long.compare(kv.getModRevision(), c.getModRevision());
            case VERSION -> cmp = Long.compare(kv.getVersion(), c.getVersion());
            default -> throw Status.UNIMPLEMENTED.withDescription("simulated etcd: compare target " + c.getTarget()
                    + " is not supported; supported: VALUE, CREATE, MOD, VERSION").asRuntimeException();
        }
        return switch (c.getResult()) {
            case EQUAL -> cmp == 0;
            case NOT_EQUAL -> cmp != 0;
            case GREATER -> cmp > 0;
            case LESS -> cmp < 0;
            default -> throw Status.INVALID_ARGUMENT.withDescription("compare result " + c.getResultValue()
                    + " is not EQUAL, GREATER, LESS or NOT_EQUAL").asRuntimeException();
        };
    }

    /**
     * Refuses a malformed branch before anything is evaluated, so a txn never fails half-applied; like
     * etcd, that includes a branch that writes one key twice.
     */
    private static void checkBranch(List<RequestOp> ops) {
        Set<ByteString> written = new HashSet<>();
        for (RequestOp op : ops) {
            if (op.getRequestCase() == RequestOp.RequestCase.REQUEST_NOT_SET) {
                throw Status.UNIMPLEMENTED.withDescription("simulated etcd: txn operation is neither range nor put")
                        .asRuntimeException();
            }
            if (op.hasRequestRange()) {
                requireKey(op.getRequestRange().getKey());
            } else {
                requireKey(op.getRequestPut().getKey());
                if (!written.add(op.getRequestPut().getKey())) {
                    throw Status.INVALID_ARGUMENT.withDescription("etcdserver: duplicate key given in txn request")
                            .asRuntimeException();
                }
            }
        }
    }

    private static void requireKey(ByteString key) throws StatusRuntimeException {
        if (key.isEmpty()) {
            throw Status.INVALID_ARGUMENT.withDescription("etcdserver: key is not provided").asRuntimeException();
        }
    }

    private ResponseHeader header() {
        return headerBase.toBuilder().setRevision(revision).build();
    }
}
