package dev.drainer.sim;

import dev.drainer.pd.proto.etcdserverpb.ResponseHeader;
import dev.drainer.pd.proto.pdpb.Member;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * A one-member PD on a loopback port: PD's GetMembers and Tso and its embedded etcd's KV (Range, Put,
 * Txn) on the same gRPC port, as a real PD serves them. {@link #stop} and {@link #restart} take it
 * down and bring it back on the same port with its keys and timestamps kept, as a restarted PD keeps
 * its data. Calls it does not have (regions, stores, watches, leases) are answered UNIMPLEMENTED, as
 * gRPC answers any unknown method; it speaks plaintext only.
 */
public final class SimulatedPd implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SimulatedPd.class.getName());
    private static final long MEMBER_ID = 0x5349_4d50_4400_0001L;

    private final long clusterId;
    private final PdService pd;
    private final EtcdKvService etcd;
    private volatile int port;
    private Server server;

    private SimulatedPd(long clusterId) {
        this.clusterId = clusterId;
        this.pd = new PdService(clusterId, this::member, new TsoAllocator());
        this.etcd = new EtcdKvService(new MvccStore(ResponseHeader.newBuilder()
                .setMemberId(MEMBER_ID).setRaftTerm(1).build()));
    }

    /** Starts a simulated PD of cluster {@code clusterId} on a free loopback port. */
    public static SimulatedPd start(long clusterId) throws IOException {
        SimulatedPd sim = new SimulatedPd(clusterId);
        sim.listen(0);
        return sim;
    }

    /** {@code http://127.0.0.1:<port>}, what a client's {@code pd-urls} would name. */
    public String endpoint() {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
    }

    /** The loopback port, the same across restarts. */
    public int port() {
        return port;
    }

    public long clusterId() {
        return clusterId;
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
                .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), InsecureServerCredentials.create())
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
