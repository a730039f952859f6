package dev.drainer.runtime.run;

import dev.drainer.pd.PdException;
import dev.drainer.pd.Tso;
import dev.drainer.pd.registry.NodeState;
import dev.drainer.pd.registry.NodeStatus;
import dev.drainer.pd.registry.Registry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * This drainer's record {@code /tidb-binlog/v1/drainers/<node-id>} (spec §1.3): written online at
 * start, rewritten every interval with the current state and {@code maxCommitTS} = the checkpoint,
 * and once more with the final state on close. {@code updateTS} approximates the TSO as Go's
 * {@code GetApproachTS}. After {@code maxFailures} failed writes in a row PD counts as lost: beating
 * stops and {@code onLost} is called once (Go's {@code heartbeatMaxErr}, then {@code Close}).
 */
final class NodeHeartbeat implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(NodeHeartbeat.class.getName());

    private final Registry registry;
    private final String nodeId;
    private final String host;
    private final CheckpointWatch checkpoint;
    private final Supplier<NodeState> state;
    private final int maxFailures;
    private final Consumer<String> onLost;
    private final long startTso;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService timer;
    private int failuresInARow;

    /** @param onLost told why PD counts as lost; runs on the heartbeat thread and must return at once */
    NodeHeartbeat(Registry registry, String nodeId, String host, CheckpointWatch checkpoint, Supplier<NodeState> state,
                  int maxFailures, Consumer<String> onLost, long startTso) {
        this.registry = registry;
        this.nodeId = nodeId;
        this.host = host;
        this.checkpoint = checkpoint;
        this.state = state;
        this.maxFailures = maxFailures;
        this.onLost = onLost;
        this.startTso = startTso;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "registry-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    /** Registers online (a failure is thrown: a drainer that cannot register does not start), then beats. */
    void start(Duration interval) throws PdException {
        NodeState first = state.get();
        write(first);
        LOG.log(System.Logger.Level.INFO, "registered key={0} host={1} state={2}", Registry.drainerKey(nodeId), host,
                first.wireName());
        timer.scheduleWithFixedDelay(this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void beat() {
        try {
            write(state.get());
            failuresInARow = 0;
        } catch (PdException | RuntimeException e) {
            failuresInARow++;
            LOG.log(System.Logger.Level.WARNING, "heartbeat failed key={0} failuresInARow={1} error={2}",
                    Registry.drainerKey(nodeId), failuresInARow, e.getMessage());
            if (failuresInARow == maxFailures) {
                String why = "PD lost: " + failuresInARow + " heartbeats in a row failed to write "
                        + Registry.drainerKey(nodeId) + ", the last with: " + e.getMessage();
                LOG.log(System.Logger.Level.ERROR, "heartbeat gave up, draining failuresInARow={0} error={1}",
                        failuresInARow, e.getMessage());
                timer.shutdown();
                onLost.accept(why);
            }
        }
    }

    private void write(NodeState state) throws PdException {
        long elapsedMs = (System.nanoTime() - startNanos) / 1_000_000;
        registry.update(NodeStatus.drainer(nodeId, host, state, checkpoint.refresh(),
                startTso + (elapsedMs << Tso.LOGICAL_BITS)));
    }

    /** Stops beating and writes {@code state} (paused after a shutdown, as the Go drainer's {@code Close}). */
    void stop(NodeState state) {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
            write(state);
            LOG.log(System.Logger.Level.INFO, "registry record written key={0} state={1} maxCommitTS={2}",
                    Registry.drainerKey(nodeId), state.wireName(), checkpoint.commitTs());
        } catch (PdException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the final registry record key={0} state={1} error={2}",
                    Registry.drainerKey(nodeId), state.wireName(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
