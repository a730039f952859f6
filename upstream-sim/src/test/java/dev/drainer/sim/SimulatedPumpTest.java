package dev.drainer.sim;

import io.grpc.Metadata;
import io.grpc.ClientCall;
import io.grpc.CallOptions;
import dev.drainer.proto.binlog.BinlogType;
import com.google.protobuf.ByteString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.pd.PdClient;
import dev.drainer.pd.registry.NodeState;
import dev.drainer.pd.registry.NodeStatus;
import dev.drainer.pd.registry.Registry;
import dev.drainer.proto.binlog.Binlog;
import dev.drainer.proto.binlog.CisternGrpc;
import dev.drainer.proto.binlog.NotifyReq;
import dev.drainer.proto.binlog.NotifyResp;
import dev.drainer.proto.binlog.Pos;
import dev.drainer.proto.binlog.PullBinlogReq;
import dev.drainer.proto.binlog.PullBinlogResp;
import dev.drainer.proto.binlog.PumpGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulated pump on the wire, read with plain grpc-java stubs and pd-client's registry. */
class SimulatedPumpTest {
    private static final Duration NO_FAKES = Duration.ofHours(1);
    private SimulatedPd pd;
    private PdClient client;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        pd = SimulatedPd.start(7_000_000_000_000_000_001L);
        client = PdClient.forUrls(pd.endpoint());
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        client.close();
        pd.close();
    }

    private SimulatedPump pump(String id, Duration fakes) throws IOException {
        SimulatedPump p = SimulatedPump.start(pd, id, fakes);
        closing.add(p);
        return p;
    }

    private Iterator<PullBinlogResp> pull(SimulatedPump p, long clusterId, long offset) {
        ManagedChannel ch = Grpc.newChannelBuilder(p.host(), InsecureChannelCredentials.create()).build();
        closing.add(ch::shutdownNow);
        return PumpGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS).pullBinlogs(PullBinlogReq.newBuilder()
                .setClusterID(clusterId).setStartFrom(Pos.newBuilder().setOffset(offset)).build());
    }

    @Test
    void streamsStoredBinlogsAboveTheOffsetInOrderThenNewOnes() throws Exception {
        SimulatedPump p = pump("pump-a", NO_FAKES);
        long t1 = p.commit();
        long t2 = p.commit();
        long t3 = p.commit();
        Iterator<PullBinlogResp> s = pull(p, pd.clusterId(), t1);
        PullBinlogResp r = s.next();
        assertEquals(t2, r.getEntity().getMeta().getCommitTs());
        Binlog b = Binlog.parseFrom(r.getEntity().getPayload());
        assertEquals(t2, b.getCommitTs());
        assertTrue(b.getStartTs() < b.getCommitTs());
        assertEquals(t3, s.next().getEntity().getMeta().getCommitTs());
        long t4 = p.commit();
        assertEquals(t4, s.next().getEntity().getMeta().getCommitTs());
        p.injectDuplicate();
        assertEquals(t4, s.next().getEntity().getMeta().getCommitTs());
        p.injectStale(t1);
        assertEquals(t1, Binlog.parseFrom(s.next().getEntity().getPayload()).getCommitTs());
    }

    @Test
    void aForeignClusterIdIsRefusedInTheGoPumpsWords() throws Exception {
        SimulatedPump p = pump("pump-a", NO_FAKES);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> pull(p, 42, 0).next());
        assertEquals(Status.Code.UNKNOWN, e.getStatus().getCode());
        assertEquals("cluster ID are mismatch, 42 vs 7000000000000000001", e.getStatus().getDescription());
    }

    @Test
    void anIdlePumpWritesFakeBinlogs() throws Exception {
        SimulatedPump p = pump("pump-a", Duration.ofMillis(100));
        long t1 = p.commit();
        Iterator<PullBinlogResp> s = pull(p, pd.clusterId(), t1);
        Binlog fake = Binlog.parseFrom(s.next().getEntity().getPayload());
        assertEquals(fake.getStartTs(), fake.getCommitTs());
        assertTrue(fake.getCommitTs() > t1);
        assertTrue(Binlog.parseFrom(s.next().getEntity().getPayload()).getCommitTs() > fake.getCommitTs());
    }

    @Test
    void itsRecordReadsBackThroughTheRegistryAndFollowsItsState() throws Exception {
        SimulatedPump p = pump("pump-a", NO_FAKES);
        long t1 = p.commit();
        Registry registry = new Registry(client.etcd(Duration.ofSeconds(5)));
        NodeStatus s = registry.pumps().get(0);
        assertEquals("pump-a", s.nodeId());
        assertEquals(p.host(), s.host());
        assertEquals(NodeState.ONLINE, s.state());
        p.pause();
        assertEquals(NodeState.PAUSED, registry.pumps().get(0).state());
        assertThrows(StatusRuntimeException.class, () -> pull(p, pd.clusterId(), 0).next());
        p.resume();
        NodeStatus back = registry.pumps().get(0);
        assertEquals(NodeState.ONLINE, back.state());
        assertEquals(t1, back.maxCommitTs());
        assertEquals(t1, pull(p, pd.clusterId(), 0).next().getEntity().getMeta().getCommitTs());
        p.goOffline();
        assertEquals(NodeState.OFFLINE, registry.pumps().get(0).state());
    }

    @Test
    void registeringNotifiesOnlineDrainersOnlyAndFailsWhenOneCannotBeReached() throws Exception {
        AtomicInteger notified = new AtomicInteger();
        Server cistern = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                InsecureServerCredentials.create()).addService(new CisternGrpc.CisternImplBase() {
                    @Override
                    public void notify(NotifyReq request, StreamObserver<NotifyResp> out) {
                        notified.incrementAndGet();
                        out.onNext(NotifyResp.getDefaultInstance());
                        out.onCompleted();
                    }
                }).build().start();
        closing.add(cistern::shutdownNow);
        Registry registry = new Registry(client.etcd(Duration.ofSeconds(5)));
        registry.update(NodeStatus.drainer("d-online", "127.0.0.1:" + cistern.getPort(), NodeState.ONLINE, 0, 0));
        // A paused drainer is not notified, even at an address where nothing listens.
        registry.update(NodeStatus.drainer("d-paused", "127.0.0.1:1", NodeState.PAUSED, 0, 0));
        SimulatedPump p = pump("pump-a", NO_FAKES);
        assertEquals(1, notified.get());
        // A crash and restart is no new registration.
        p.stop();
        p.restart();
        assertEquals(1, notified.get());

        cistern.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        long before = System.nanoTime();
        IOException e = assertThrows(IOException.class, () -> pump("pump-b", NO_FAKES));
        assertTrue(e.getMessage().contains("could not notify drainer /tidb-binlog/v1/drainers/d-online"), e.getMessage());
        // Three attempts, 1 s and 2 s apart.
        assertTrue(System.nanoTime() - before >= TimeUnit.SECONDS.toNanos(3));
        assertEquals(NodeState.OFFLINE, registry.pumps().stream().filter(s -> s.nodeId().equals("pump-b")).findFirst()
                .orElseThrow().state());
    }

    @Test
    void aStreamSendsOnlyWhatTheReadersFlowControlWindowTakesAsGrpcGoBlocksInSend() throws Exception {
        SimulatedPump p = pump("pump-a", NO_FAKES);
        int stored = 300;
        for (int i = 1; i <= stored; i++) {
            long ts = (long) i << 18;
            p.store(Binlog.newBuilder().setTp(BinlogType.Commit).setStartTs(ts - 1).setCommitTs(ts)
                    .setPrewriteValue(ByteString.copyFrom(new byte[64 * 1024])).build());
        }
        ManagedChannel ch = Grpc.newChannelBuilder(p.host(), InsecureChannelCredentials.create()).build();
        closing.add(ch::shutdownNow);
        ClientCall<PullBinlogReq, PullBinlogResp> call = ch.newCall(PumpGrpc.getPullBinlogsMethod(), CallOptions.DEFAULT);
        call.start(new ClientCall.Listener<>() { }, new Metadata());
        call.sendMessage(PullBinlogReq.newBuilder().setClusterID(pd.clusterId()).setStartFrom(Pos.newBuilder()).build());
        call.halfClose();
        call.request(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (p.sent() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(1_000);
        // 300 x 64 KiB is 19 MiB; the client's window (1 MiB) holds about 16 of them.
        assertTrue(p.sent() > 0 && p.sent() < 100, "sent " + p.sent() + " of " + stored + " to a reader that took one");
        call.request(stored);
        while (p.sent() < stored && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(stored, p.sent(), "the rest follows once the reader asks");
        call.cancel("done", null);
    }
}
