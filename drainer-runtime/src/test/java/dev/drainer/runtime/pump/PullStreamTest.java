package dev.drainer.runtime.pump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.drainer.proto.binlog.Pos;
import dev.drainer.proto.binlog.PullBinlogReq;
import dev.drainer.proto.binlog.PullBinlogResp;
import dev.drainer.sim.SimulatedPd;
import dev.drainer.sim.SimulatedPump;
import io.grpc.CallOptions;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PullStreamTest {
    private SimulatedPd pd;
    private SimulatedPump pump;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        pd = SimulatedPd.start(7_100_000_000_000_000_002L);
        pump = SimulatedPump.start(pd, "pump-w", Duration.ofHours(1)); // no fakes: the stream holds only what is stored
        channel = Grpc.newChannelBuilder(pump.host(), InsecureChannelCredentials.create()).directExecutor()
                .maxInboundMessageSize(64 << 20).build();
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        pump.close();
        pd.close();
    }

    private PullStream open() {
        return PullStream.open(channel, CallOptions.DEFAULT, PullBinlogReq.newBuilder().setClusterID(pd.clusterId())
                .setStartFrom(Pos.newBuilder().setOffset(0)).build());
    }

    @Test
    void everyBinlogArrivesInOrderAcrossManyWindows() throws Exception {
        List<Long> stored = new ArrayList<>();
        for (int i = 0; i < 5 * PullStream.WINDOW + 3; i++) {
            stored.add(pump.commit());
        }
        PullStream stream = open();
        List<Long> pulled = new ArrayList<>();
        for (int i = 0; i < stored.size(); i++) {
            pulled.add(stream.next().getEntity().getMeta().getCommitTs());
        }
        assertEquals(stored, pulled);
        long more = pump.commit();
        assertEquals(more, stream.next().getEntity().getMeta().getCommitTs(), "a binlog stored while the stream is open");
    }

    @Test
    void binlogsOfTheQueuedBytesLimitOrMoreAreAskedForOneAtATime() throws Exception {
        ByteString big = ByteString.copyFrom(new byte[(int) PullStream.MAX_QUEUED_BYTES]);
        for (int i = 0; i < 4; i++) {
            long start = pd.nextTs();
            pump.store(start, pd.nextTs(), big);
        }
        PullStream stream = open();
        for (int i = 0; i < 4; i++) {
            PullBinlogResp r = stream.next();
            assertEquals(big.size(), r.getEntity().getPayload().size());
            Thread.sleep(300); // time for anything asked for to arrive
            assertTrue(stream.queued() <= (i < 3 ? 1 : 0), "queued after taking binlog " + i + ": " + stream.queued());
        }
    }
}
