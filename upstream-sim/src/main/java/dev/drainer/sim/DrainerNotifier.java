package dev.drainer.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drainer.pd.proto.mvccpb.KeyValue;
import dev.drainer.proto.binlog.CisternGrpc;
import dev.drainer.proto.binlog.NotifyReq;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * What a Go pump does when it registers as a new node (pump/node.go Notify): call
 * {@code binlog.Cistern/Notify} on every drainer whose registry state is {@code online}, each up to
 * 3 attempts with 1 s and 2 s pauses, within 10 s overall; any drainer that cannot be notified
 * fails the registration. In a TLS cluster the call is TLS, with the cluster's files ({@link ServerTls}).
 */
final class DrainerNotifier {
    private static final String DRAINERS = "/tidb-binlog/v1/drainers/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long OVERALL_MILLIS = 10_000;
    private static final long[] PAUSES_MILLIS = {1000, 2000};

    private DrainerNotifier() {
    }

    static void notifyOnlineDrainers(SimulatedPd pd, String pumpId) throws IOException {
        long deadline = System.currentTimeMillis() + OVERALL_MILLIS;
        for (KeyValue kv : pd.keysWithPrefix(DRAINERS)) {
            JsonNode record = JSON.readTree(kv.getValue().toStringUtf8());
            if (record == null || !"online".equals(record.path("state").asText())) {
                continue;
            }
            notifyOne(pd, record.path("host").asText(), kv.getKey().toStringUtf8(), pumpId, deadline);
        }
    }

    private static void notifyOne(SimulatedPd pd, String host, String key, String pumpId, long deadline) throws IOException {
        ManagedChannel ch = Grpc.newChannelBuilder("dns:///" + host, pd.clientCredentials()).build();
        try {
            StatusRuntimeException last = null;
            for (int attempt = 0; attempt <= PAUSES_MILLIS.length; attempt++) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    break;
                }
                try {
                    CisternGrpc.newBlockingStub(ch).withDeadlineAfter(left, TimeUnit.MILLISECONDS).notify(NotifyReq.getDefaultInstance());
                    return;
                } catch (StatusRuntimeException e) {
                    last = e;
                }
                if (attempt < PAUSES_MILLIS.length) {
                    Thread.sleep(Math.min(PAUSES_MILLIS[attempt], Math.max(0, deadline - System.currentTimeMillis())));
                }
            }
            throw new IOException("pump " + pumpId + " could not notify drainer " + key + " at " + host + ": "
                    + (last == null ? "no time left" : last.getStatus()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted notifying drainer " + key, e);
        } finally {
            ch.shutdownNow();
        }
    }
}
