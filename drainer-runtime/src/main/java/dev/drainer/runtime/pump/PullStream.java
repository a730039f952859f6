package dev.drainer.runtime.pump;

import dev.drainer.proto.binlog.PullBinlogReq;
import dev.drainer.proto.binlog.PullBinlogResp;
import dev.drainer.proto.binlog.PumpGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One {@code PullBinlogs} call as a queue of responses for the puller's thread. The transport's thread queues each
 * response as it arrives (the channel runs listeners directly), and the puller asks for more a window at a time:
 * the blocking stub asks for one response per response taken, which woke the transport's thread once per binlog,
 * and handed each one through the channel's executor first.
 *
 * <p>At most a window of responses is asked for and not yet taken: {@link #WINDOW}, or fewer when the last payload
 * was so large that a full window of them would exceed {@link #MAX_QUEUED_BYTES} (one at a time for binlogs of
 * that size or more, the first one too); nothing more is asked for while the queued payloads hold that much.
 */
final class PullStream extends ClientCall.Listener<PullBinlogResp> {
    static final int WINDOW = 32;
    static final long MAX_QUEUED_BYTES = 4L << 20;

    private final ClientCall<PullBinlogReq, PullBinlogResp> call;
    /** Responses, then the call's closing {@link Status}. */
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Responses asked for and not yet taken; only the puller's thread touches it. */
    private int outstanding = 1;

    private PullStream(ClientCall<PullBinlogReq, PullBinlogResp> call) {
        this.call = call;
    }

    /** Starts the call; it is cancelled with the {@code io.grpc.Context} current here. */
    static PullStream open(Channel channel, CallOptions options, PullBinlogReq request) {
        PullStream stream = new PullStream(channel.newCall(PumpGrpc.getPullBinlogsMethod(), options));
        stream.call.start(stream, new Metadata());
        stream.call.sendMessage(request);
        stream.call.halfClose();
        stream.call.request(1);
        return stream;
    }

    /** Responses that arrived and were not taken yet (tests). */
    int queued() {
        return (int) queue.stream().filter(PullBinlogResp.class::isInstance).count();
    }

    @Override
    public void onMessage(PullBinlogResp message) {
        queuedBytes.addAndGet(message.getEntity().getPayload().size());
        queue.add(message);
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
        queue.add(status);
    }

    /**
     * The next response, waiting for it; null once the pump ended the stream.
     *
     * @throws StatusRuntimeException the call failed
     */
    PullBinlogResp next() throws InterruptedException {
        Object item = queue.take();
        if (item instanceof Status status) {
            queue.add(status); // the stream stays ended for a later call
            if (status.isOk()) {
                return null;
            }
            throw status.asRuntimeException();
        }
        PullBinlogResp response = (PullBinlogResp) item;
        int size = response.getEntity().getPayload().size();
        long left = queuedBytes.addAndGet(-size);
        outstanding--;
        int window = (int) Math.min(WINDOW, Math.max(1, MAX_QUEUED_BYTES / Math.max(1, size)));
        // Top the window up once half of it is taken, a batch at a time: each request wakes the transport's
        // thread. With nothing outstanding the queue is empty, so this always asks before the next wait.
        if (outstanding <= window / 2 && left < MAX_QUEUED_BYTES) {
            call.request(window - outstanding);
            outstanding = window;
        }
        return response;
    }
}
