package dev.drainer.pd;

import com.google.protobuf.ByteString;
import dev.drainer.pd.proto.metapb.Store;
import dev.drainer.pd.proto.pdpb.ErrorType;
import dev.drainer.pd.proto.pdpb.GetMembersRequest;
import dev.drainer.pd.proto.pdpb.GetMembersResponse;
import dev.drainer.pd.proto.pdpb.GetRegionRequest;
import dev.drainer.pd.proto.pdpb.GetRegionResponse;
import dev.drainer.pd.proto.pdpb.GetStoreRequest;
import dev.drainer.pd.proto.pdpb.GetStoreResponse;
import dev.drainer.pd.proto.pdpb.PDGrpc;
import dev.drainer.pd.proto.pdpb.RequestHeader;
import dev.drainer.pd.proto.pdpb.ResponseHeader;
import dev.drainer.pd.proto.pdpb.TsoRequest;
import dev.drainer.pd.proto.pdpb.TsoResponse;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A small client of PD over a fixed list of endpoints: the cluster id and leader (GetMembers), TSO,
 * regions and stores for TiKV reads ({@link dev.drainer.pd.tikv.TikvReader}), and PD's embedded etcd
 * ({@link #etcd}). Thread-safe; close it to release its channels.
 */
public final class PdClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PdClient.class.getName());

    private final EndpointPool pool;
    private volatile PdMembers lastMembers;

    /**
     * A client of the given endpoints, tried in this order; connects lazily. With {@code tls} every channel
     * (PD, its etcd, TiKV stores) uses it; without, an https endpoint is rejected.
     */
    public PdClient(List<PdEndpoint> endpoints, Optional<GrpcTls> tls) {
        this.pool = new EndpointPool(endpoints, tls);
    }

    /** A plaintext client of a {@code pd-urls} value: comma separated {@code http://host:port}. */
    public static PdClient forUrls(String pdUrls) {
        return forUrls(pdUrls, Optional.empty());
    }

    /** A client of a {@code pd-urls} value, {@code http(s)://host:port}, with the TLS of {@code [security]} if any. */
    public static PdClient forUrls(String pdUrls, Optional<GrpcTls> tls) {
        return new PdClient(PdEndpoint.parseList(pdUrls), tls);
    }

    /** The configured endpoints, in the order they are tried. */
    public List<PdEndpoint> endpoints() {
        return pool.endpoints();
    }

    /**
     * Asks the endpoints in turn, each within {@code timeoutPerEndpoint}, for PD's members; the first
     * that answers with a cluster id and a leader wins. Fails naming every endpoint tried and why.
     */
    public PdMembers members(Duration timeoutPerEndpoint) throws PdException {
        long millis = timeoutPerEndpoint.toMillis();
        PdMembers m = pool.firstAnswer("PD GetMembers", code -> true, (endpoint, channel) -> {
            GetMembersResponse r = PDGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(millis, TimeUnit.MILLISECONDS)
                    .getMembers(GetMembersRequest.getDefaultInstance());
            checkHeader(r.getHeader());
            if (!r.hasLeader() || r.getLeader().getClientUrlsCount() == 0) {
                throw new PdException("no PD leader elected yet (cluster id "
                        + Long.toUnsignedString(r.getHeader().getClusterId()) + ")");
            }
            return new PdMembers(r.getHeader().getClusterId(), r.getLeader().getName(),
                    r.getLeader().getClientUrlsList(), endpoint);
        });
        lastMembers = m;
        return m;
    }

    /**
     * A fresh timestamp from the PD leader, composed as {@code physical << 18 | logical}. Learns the
     * leader through {@link #members} when it does not know it yet, or when the leader it knew fails.
     */
    public long tso(Duration timeout) throws PdException {
        return onLeader("TSO", timeout, m -> tsoFrom(m, timeout));
    }

    /**
     * The region holding {@code encodedKey} (a memcomparable-encoded key, as PD keeps transactional
     * regions) and its leader, from the PD leader. Fails naming the key when PD knows no such region.
     */
    public GetRegionResponse region(byte[] encodedKey, Duration timeout) throws PdException {
        GetRegionResponse r = onLeader("GetRegion", timeout, m -> unary(m, "GetRegion", timeout, stub -> stub.getRegion(
                GetRegionRequest.newBuilder().setHeader(header(m)).setRegionKey(ByteString.copyFrom(encodedKey)).build())));
        checkHeader(r.getHeader());
        if (!r.hasRegion() || !r.hasLeader() || r.getLeader().getStoreId() == 0) {
            throw new PdException("PD has no region" + (r.hasRegion() ? " leader" : "") + " for encoded key "
                    + HexFormat.of().formatHex(encodedKey) + " yet");
        }
        return r;
    }

    /** The store with this id (its client address), from the PD leader. */
    public Store store(long storeId, Duration timeout) throws PdException {
        GetStoreResponse r = onLeader("GetStore", timeout, m -> unary(m, "GetStore", timeout, stub -> stub.getStore(
                GetStoreRequest.newBuilder().setHeader(header(m)).setStoreId(storeId).build())));
        checkHeader(r.getHeader());
        if (!r.hasStore() || r.getStore().getAddress().isEmpty()) {
            throw new PdException("PD knows no address for store " + storeId);
        }
        return r.getStore();
    }

    /**
     * A channel to a TiKV store's client address ({@code host:port}, as PD reports it), sharing this
     * client's channels, TLS and lifetime.
     */
    public Channel storeChannel(String address) {
        return pool.channel(PdEndpoint.parse("http://" + address));
    }

    /**
     * The KV API of PD's embedded etcd on the same endpoints; each call is bounded by
     * {@code requestTimeout} per endpoint. It shares this client's channels and closes with it.
     */
    public EtcdKv etcd(Duration requestTimeout) {
        return new EtcdKv(pool, requestTimeout);
    }

    /** One call against the leader PD knew last; on failure, asks for the leader again and calls once more. */
    private <T> T onLeader(String operation, Duration timeout, LeaderCall<T> call) throws PdException {
        PdMembers known = lastMembers;
        if (known == null) {
            return call.run(members(timeout));
        }
        try {
            return call.run(known);
        } catch (PdException first) {
            LOG.log(System.Logger.Level.INFO, "PD {0} failed, asking for the leader again leader={1} cause={2}",
                    operation, known.leaderClientUrls().get(0), first.getMessage());
            try {
                return call.run(members(timeout));
            } catch (PdException second) {
                second.addSuppressed(first);
                throw second;
            }
        }
    }

    private interface LeaderCall<T> {
        T run(PdMembers leader) throws PdException;
    }

    private <T> T unary(PdMembers m, String operation, Duration timeout, Function<PDGrpc.PDBlockingStub, T> call)
            throws PdException {
        PdEndpoint leader = leaderEndpoint(m);
        try {
            return call.apply(PDGrpc.newBlockingStub(pool.channel(leader))
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (StatusRuntimeException e) {
            throw new PdException("PD " + operation + " at " + leader + " failed: " + pool.describe(e), e);
        }
    }

    private static RequestHeader header(PdMembers m) {
        return RequestHeader.newBuilder().setClusterId(m.clusterId()).build();
    }

    private static PdEndpoint leaderEndpoint(PdMembers m) throws PdException {
        String url = m.leaderClientUrls().get(0);
        try {
            return PdEndpoint.parse(url);
        } catch (IllegalArgumentException e) {
            throw new PdException("PD leader " + m.leaderName() + " advertises an unusable client URL: " + e.getMessage(), e);
        }
    }

    private long tsoFrom(PdMembers m, Duration timeout) throws PdException {
        PdEndpoint leader = leaderEndpoint(m);
        CompletableFuture<TsoResponse> answer = new CompletableFuture<>();
        StreamObserver<TsoRequest> requests;
        try {
            requests = PDGrpc.newStub(pool.channel(leader))
                    .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .tso(new StreamObserver<>() {
                        @Override
                        public void onNext(TsoResponse r) {
                            answer.complete(r);
                        }

                        @Override
                        public void onError(Throwable t) {
                            answer.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                            answer.completeExceptionally(new IllegalStateException("stream closed without a timestamp"));
                        }
                    });
            requests.onNext(TsoRequest.newBuilder()
                    .setHeader(header(m))
                    .setCount(1)
                    .build());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new PdException("PD TSO at " + leader + " failed: " + e.getMessage(), e);
        }
        TsoResponse r;
        try {
            // The call's deadline ends the stream; the extra second only guards against a lost callback.
            r = answer.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            requests.onCompleted();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof StatusRuntimeException sre) {
                throw new PdException("PD TSO at " + leader + " failed: " + pool.describe(sre), sre);
            }
            throw new PdException("PD TSO at " + leader + " failed: " + cause.getMessage(), cause);
        } catch (TimeoutException e) {
            requests.onError(e);
            throw new PdException("PD TSO at " + leader + " gave no answer within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requests.onError(e);
            throw new PdException("interrupted waiting for PD TSO at " + leader, e);
        }
        checkHeader(r.getHeader());
        if (!r.hasTimestamp() || r.getCount() != 1) {
            throw new PdException("PD TSO at " + leader + " answered count " + r.getCount()
                    + (r.hasTimestamp() ? "" : " and no timestamp") + "; expected one timestamp");
        }
        return Tso.compose(r.getTimestamp().getPhysical(), r.getTimestamp().getLogical());
    }

    private static void checkHeader(ResponseHeader h) throws PdException {
        if (h.hasError() && h.getError().getType() != ErrorType.OK) {
            throw new PdException("PD answered error " + h.getError().getType() + ": " + h.getError().getMessage());
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
