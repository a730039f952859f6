package dev.drainer.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.drainer.pd.EtcdKv;
import dev.drainer.pd.KvEntry;
import dev.drainer.pd.PdClient;
import dev.drainer.pd.PdException;
import dev.drainer.pd.RevisionCompare;
import dev.drainer.pd.proto.etcdserverpb.Compare;
import dev.drainer.pd.proto.etcdserverpb.KVGrpc;
import dev.drainer.pd.proto.etcdserverpb.PutRequest;
import dev.drainer.pd.proto.etcdserverpb.RequestOp;
import dev.drainer.pd.proto.etcdserverpb.TxnRequest;
import dev.drainer.pd.registry.MarkOfflineResult;
import dev.drainer.pd.registry.NodeState;
import dev.drainer.pd.registry.NodeStatus;
import dev.drainer.pd.registry.NodeStatusJson;
import dev.drainer.pd.registry.Registry;
import dev.drainer.pd.registry.RegistryFormatException;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the node registry and the etcd KV client must do against PD's etcd. One subclass runs it on
 * {@link SimulatedPd}, one on a real etcd: passing both is what keeps the simulator honest.
 * Each test gets a fresh, empty upstream.
 */
abstract class RegistryContract {
    private static final String PUMP_A = "{\"nodeId\":\"pump-a\",\"host\":\"10.0.0.1:8250\",\"state\":\"online\",\"isAlive\":true,"
            + "\"score\":100,\"label\":{\"labels\":{\"zone\":\"z1\"}},\"maxCommitTS\":434000000000000005,\"updateTS\":434000000000000009}";
    private static final String PUMP_B = "{\"nodeId\":\"pump-b\",\"host\":\"10.0.0.2:8250\",\"state\":\"paused\",\"isAlive\":false,"
            + "\"score\":0,\"label\":null,\"maxCommitTS\":7,\"updateTS\":8}";

    private PdClient client;
    private EtcdKv kv;
    private Registry registry;

    /** Starts an empty upstream and returns its client URL. */
    abstract String startUpstream() throws Exception;

    /** Takes the upstream down for good. */
    abstract void stopUpstream() throws Exception;

    @BeforeEach
    void connect() throws Exception {
        client = PdClient.forUrls(startUpstream());
        kv = client.etcd(Duration.ofSeconds(10));
        registry = new Registry(kv);
    }

    @AfterEach
    void disconnect() throws Exception {
        client.close();
        stopUpstream();
    }

    @Test
    void updateCreatesThenRewritesByTheGoProtocol() throws Exception {
        NodeStatus first = NodeStatus.drainer("drainer-0:8249", "10.0.0.5:8249", NodeState.ONLINE, 434000000000000000L, 434000000100000000L);
        registry.update(first);
        KvEntry created = kv.get("/tidb-binlog/v1/drainers/drainer-0:8249").orElseThrow();
        assertEquals(NodeStatusJson.encode(first), created.valueText());
        assertEquals(created.createRevision(), created.modRevision());
        assertEquals(1, created.version());

        NodeStatus second = NodeStatus.drainer("drainer-0:8249", "10.0.0.5:8249", NodeState.ONLINE, 434000000000000001L, 434000000200000000L);
        registry.update(second);
        KvEntry updated = kv.get(Registry.drainerKey("drainer-0:8249")).orElseThrow();
        assertEquals(created.createRevision(), updated.createRevision());
        assertTrue(updated.modRevision() > created.modRevision());
        assertEquals(2, updated.version());
        assertEquals(second, registry.drainer("drainer-0:8249").orElseThrow());
        assertTrue(registry.drainer("drainer-1:8249").isEmpty());
    }

    @Test
    void revisionsMoveAsEtcdMovesThem() throws Exception {
        kv.put("/k/a", bytes("1"));
        kv.put("/k/b", bytes("2"));
        kv.put("/k/a", bytes("3"));
        KvEntry a = kv.get("/k/a").orElseThrow();
        KvEntry b = kv.get("/k/b").orElseThrow();
        // A fresh etcd is at revision 1, so its first write is revision 2.
        assertEquals(List.of(2L, 4L, 2L), List.of(a.createRevision(), a.modRevision(), a.version()));
        assertEquals(List.of(3L, 3L, 1L), List.of(b.createRevision(), b.modRevision(), b.version()));
        assertEquals("3", a.valueText());
    }

    @Test
    void conditionalPutsCompareTheModRevision() throws Exception {
        assertFalse(kv.putIf("/c/x", bytes("v1"), RevisionCompare.GREATER, 0), "absent key has mod revision 0");
        assertTrue(kv.putIf("/c/x", bytes("v1"), RevisionCompare.EQUAL, 0));
        assertFalse(kv.putIf("/c/x", bytes("v2"), RevisionCompare.EQUAL, 0), "present key no longer has mod revision 0");
        long rev = kv.get("/c/x").orElseThrow().modRevision();
        assertFalse(kv.putIf("/c/x", bytes("v2"), RevisionCompare.EQUAL, rev - 1));
        assertFalse(kv.putIf("/c/x", bytes("v2"), RevisionCompare.LESS, rev));
        assertTrue(kv.putIf("/c/x", bytes("v2"), RevisionCompare.NOT_EQUAL, rev - 1));
        assertTrue(kv.putIf("/c/x", bytes("v3"), RevisionCompare.GREATER, 0));
        KvEntry e = kv.get("/c/x").orElseThrow();
        assertEquals("v3", e.valueText());
        assertEquals(rev + 2, e.modRevision(), "refused puts do not move the revision");
    }

    @Test
    void listsDirectChildrenInKeyOrder() throws Exception {
        kv.put("/tidb-binlog/v1/pumps/pump-b", bytes(PUMP_B));
        kv.put("/tidb-binlog/v1/pumps/pump-a", bytes(PUMP_A));
        kv.put("/tidb-binlog/v1/pumps/pump-gone", bytes("null"));
        kv.put("/tidb-binlog/v1/pumps/nested/deeper", bytes("not a record"));
        kv.put("/tidb-binlog/v1/pumpsX/other", bytes("not a record"));
        kv.put("/tidb-binlog/v1/pumps", bytes("not a record"));
        registry.update(NodeStatus.drainer("d2", "h:2", NodeState.PAUSED, 1, 2));
        registry.update(NodeStatus.drainer("d1", "h:1", NodeState.ONLINE, 3, 4));

        List<NodeStatus> pumps = registry.pumps();
        assertEquals(List.of(
                new NodeStatus("pump-a", "10.0.0.1:8250", NodeState.ONLINE, true, 100, Map.of("zone", "z1"),
                        434000000000000005L, 434000000000000009L),
                new NodeStatus("pump-b", "10.0.0.2:8250", NodeState.PAUSED, false, 0, null, 7, 8)), pumps);
        assertEquals(PUMP_A, NodeStatusJson.encode(pumps.get(0)), "a pump record reads back byte for byte");
        assertEquals(List.of("d1", "d2"), registry.drainers().stream().map(NodeStatus::nodeId).toList());
    }

    @Test
    void markOfflineChangesOnlyTheState() throws Exception {
        NodeStatus online = NodeStatus.drainer("d-9:8249", "10.0.0.9:8249", NodeState.ONLINE, 434000000000000000L, 434000000100000000L);
        registry.update(online);

        assertEquals(MarkOfflineResult.MARKED, registry.markOffline("d-9:8249"));
        assertEquals(NodeStatusJson.encode(online.withState(NodeState.OFFLINE)),
                kv.get(Registry.drainerKey("d-9:8249")).orElseThrow().valueText());
        long rev = kv.get(Registry.drainerKey("d-9:8249")).orElseThrow().modRevision();

        assertEquals(MarkOfflineResult.ALREADY_OFFLINE, registry.markOffline("d-9:8249"));
        assertEquals(rev, kv.get(Registry.drainerKey("d-9:8249")).orElseThrow().modRevision(), "nothing written");
        assertEquals(MarkOfflineResult.NOT_REGISTERED, registry.markOffline("d-unknown:8249"));
        assertTrue(kv.get(Registry.drainerKey("d-unknown:8249")).isEmpty(), "nothing created");
    }

    @Test
    void aMalformedRecordIsReportedWithItsKey() throws Exception {
        kv.put(Registry.drainerKey("bad"), bytes("{\"state\":\"online\",\"score\":\"high\"}"));
        RegistryFormatException e = assertThrows(RegistryFormatException.class, () -> registry.markOffline("bad"));
        assertEquals("registry record /tidb-binlog/v1/drainers/bad: key score is \"high\", expected an integer from -2^63 to 2^63-1",
                e.getMessage());
    }

    @Test
    void anUnreachableUpstreamIsReportedNamingTheEndpoint() throws Exception {
        String url = client.endpoints().get(0).toString();
        stopUpstream();
        PdException e = assertThrows(PdException.class, () -> registry.drainer("d"));
        assertTrue(e.getMessage().startsWith("etcd Range /tidb-binlog/v1/drainers/d failed on every PD endpoint: " + url + " (UNAVAILABLE"),
                e.getMessage());
    }

    @Test
    void etcdRefusesWhatTheRegistryMustNotSend() throws Exception {
        ManagedChannel ch = Grpc.newChannelBuilderForAddress(client.endpoints().get(0).host(), client.endpoints().get(0).port(),
                InsecureChannelCredentials.create()).build();
        try {
            KVGrpc.KVBlockingStub raw = KVGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS);
            RequestOp put = RequestOp.newBuilder().setRequestPut(PutRequest.newBuilder()
                    .setKey(ByteString.copyFromUtf8("/dup")).setValue(ByteString.copyFromUtf8("v"))).build();
            StatusRuntimeException dup = assertThrows(StatusRuntimeException.class,
                    () -> raw.txn(TxnRequest.newBuilder().addSuccess(put).addSuccess(put).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, dup.getStatus().getCode());
            assertEquals("etcdserver: duplicate key given in txn request", dup.getStatus().getDescription());

            StatusRuntimeException empty = assertThrows(StatusRuntimeException.class,
                    () -> raw.put(PutRequest.newBuilder().setValue(ByteString.copyFromUtf8("v")).build()));
            assertEquals(Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());
            assertEquals("etcdserver: key is not provided", empty.getStatus().getDescription());

            // A value compare on an absent key fails even against an empty value.
            assertFalse(raw.txn(TxnRequest.newBuilder().addCompare(Compare.newBuilder()
                    .setKey(ByteString.copyFromUtf8("/absent")).setTarget(Compare.CompareTarget.VALUE)
                    .setResult(Compare.CompareResult.EQUAL).setValue(ByteString.EMPTY)).addSuccess(put).build()).getSucceeded());
            assertTrue(kv.get("/dup").isEmpty());
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
