package dev.drainer.sim;

import com.google.protobuf.ByteString;
import dev.drainer.pd.proto.etcdserverpb.PutRequest;
import dev.drainer.pd.proto.etcdserverpb.RangeRequest;
import dev.drainer.pd.proto.etcdserverpb.ResponseHeader;
import dev.drainer.pd.proto.mvccpb.KeyValue;
import dev.drainer.pd.proto.pdpb.Member;
import dev.drainer.pd.proto.pdpb.Timestamp;
import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A one-member PD on a loopback port: PD's GetMembers and Tso and its embedded etcd's KV (Range, Put,
 * Txn) on the same gRPC port, as a real PD serves them. {@link #stop} and {@link #restart} take it
 * down and bring it back on the same port with its keys and timestamps kept, as a restarted PD keeps
 * its data. GetRegion and GetStore answer from the regions and stores of a {@link SimulatedTikv}
 * started on it. Calls it does not have (watches, leases, …) are answered UNIMPLEMENTED, as gRPC
 * answers any unknown method. It speaks plaintext, or TLS when started with {@link ServerTls}; then its
 * pumps and TiKV stores serve TLS with the same files too, as a TLS cluster is TLS throughout.
 */
public final class SimulatedPd implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SimulatedPd.class.getName());
    private static final long MEMBER_ID = 0x5349_4d50_4400_0001L;

    private final long clusterId;
    private final TsoAllocator tso = new TsoAllocator();
    private final RegionLayout regions = new RegionLayout();
    private final MvccStore store;
    private final PdService pd;
    private final EtcdKvService etcd;
    private final ServerTls tls;
    private volatile int port;
    private Server server;

    private SimulatedPd(long clusterId, ServerTls tls) {
        this.clusterId = clusterId;
        this.tls = tls;
        this.pd = new PdService(clusterId, this::member, tso, regions);
        this.store = new MvccStore(ResponseHeader.newBuilder().setMemberId(MEMBER_ID).setRaftTerm(1).build());
        this.etcd = new EtcdKvService(store);
    }

    /** Starts a simulated PD of cluster {@code clusterId} on a free loopback port. */
    public static SimulatedPd start(long clusterId) throws IOException {
        return start(clusterId, null);
    }

    /** Starts a simulated PD of cluster {@code clusterId} on a free loopback port, serving TLS with {@code tls} (null: plaintext). */
    public static SimulatedPd start(long clusterId, ServerTls tls) throws IOException {
        SimulatedPd sim = new SimulatedPd(clusterId, tls);
        sim.listen(0);
        return sim;
    }

    /** {@code http(s)://127.0.0.1:<port>}, what a client's {@code pd-urls} would name. */
    public String endpoint() {
        return (tls == null ? "http://" : "https://") + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
    }

    /** The credentials this PD's servers (and its pumps') use. */
    ServerCredentials serverCredentials() {
        return tls == null ? InsecureServerCredentials.create() : tls.credentials();
    }

    /** The credentials of its pumps' {@code Notify} calls to drainers: TLS when this PD serves TLS. */
    ChannelCredentials clientCredentials() {
        return tls == null ? InsecureChannelCredentials.create() : tls.channelCredentials();
    }

    /** The loopback port, the same across restarts. */
    public int port() {
        return port;
    }

    public long clusterId() {
        return clusterId;
    }

    /** A fresh timestamp from this PD's allocator, {@code physical << 18 | logical}, as simulated pumps and tests need. */
    public long nextTs() {
        Timestamp t = tso.next(1);
        return t.getPhysical() << 18 | t.getLogical();
    }

    /** The regions and stores this PD reports, shared with the {@link SimulatedTikv} started on it. */
    RegionLayout regions() {
        return regions;
    }

    /** Writes an etcd key directly, as another client of this PD's etcd would (simulated pumps). Works while stopped too. */
    void putKey(String key, String value) {
        store.put(PutRequest.newBuilder().setKey(ByteString.copyFromUtf8(key)).setValue(ByteString.copyFromUtf8(value)).build());
    }

    /** Every key-value pair under {@code prefix}, in key order. */
    List<KeyValue> keysWithPrefix(String prefix) {
        ByteString from = ByteString.copyFromUtf8(prefix);
        // Prefixes here are ASCII paths ending in '/': the next key after all of them ends in '0'.
        ByteString end = ByteString.copyFromUtf8(prefix.substring(0, prefix.length() - 1) + (char) (prefix.charAt(prefix.length() - 1) + 1));
        return store.range(RangeRequest.newBuilder().setKey(from).setRangeEnd(end).build()).getKvsList();
    }

    /** Takes PD down: open calls fail and the port refuses connections until {@link #restart}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        server.shutdownNow();
        try {
            server.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
        LOG.log(System.Logger.Level.INFO, "simulated PD stopped endpoint={0}", endpoint());
    }

    /** Brings a stopped PD back on the same port, keys and timestamps as they were. */
    public synchronized void restart() throws IOException {
        if (server != null) {
            throw new IllegalStateException("simulated PD at " + endpoint() + " is running; stop it first");
        }
        listen(port);
    }

    private synchronized void listen(int wanted) throws IOException {
        server = NettyServerBuilder
                .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), serverCredentials())
                .addService(pd)
                .addService(etcd)
                .build()
                .start();
        port = server.getPort();
        LOG.log(System.Logger.Level.INFO, "simulated PD listening endpoint={0} clusterID={1}", endpoint(),
                Long.toUnsignedString(clusterId));
    }

    private Member member() {
        return Member.newBuilder().setName("pd-sim").setMemberId(MEMBER_ID).addClientUrls(endpoint()).build();
    }

    @Override
    public void close() {
        stop();
    }
}
