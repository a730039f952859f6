package dev.drainer.runtime.run;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointException;
import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.pd.Tso;
import dev.drainer.runtime.metrics.DrainerMetrics;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The checkpoint commit ts as saved in the table, for the registry's {@code maxCommitTS},
 * {@code /status}, {@code /commit_ts} and the metrics {@code checkpoint_tso},
 * {@code checkpoint_delay_seconds} and {@code event{type="savepoint"}}. The pipeline owns its keeper;
 * this re-reads the row after the keeper says it saved (its {@code checkpoint.save.after} probe), off
 * the syncer's thread.
 */
final class CheckpointWatch {
    private static final System.Logger LOG = System.getLogger(CheckpointWatch.class.getName());
    static final String SAVED_PROBE = "checkpoint.save.after";

    private final CheckpointStore store;
    private final long clusterId;
    private final DrainerMetrics metrics;
    private final AtomicBoolean saved = new AtomicBoolean();
    private volatile long commitTs;

    CheckpointWatch(CheckpointStore store, long clusterId, long initialTs, DrainerMetrics metrics) {
        this.store = store;
        this.clusterId = clusterId;
        this.commitTs = initialTs;
        this.metrics = metrics;
        publish(initialTs);
    }

    /** To chain into the pipeline's probe: only marks that a save happened. */
    Consumer<String> probe() {
        return point -> {
            if (SAVED_PROBE.equals(point)) {
                metrics.event.labels("savepoint").inc();
                saved.set(true);
            }
        };
    }

    /** Re-reads the row if the keeper saved since the last call; keeps the last value on a read error. */
    long refresh() {
        if (saved.getAndSet(false)) {
            try {
                store.load(clusterId).map(Checkpoint::commitTs).ifPresent(ts -> {
                    commitTs = ts;
                    publish(ts);
                });
            } catch (CheckpointException e) {
                saved.set(true);
                LOG.log(System.Logger.Level.WARNING, "cannot re-read the checkpoint row table={0} error={1}",
                        store.tableName(), e.getMessage());
            }
        }
        return commitTs;
    }

    private void publish(long ts) {
        long physicalMs = ts >>> Tso.LOGICAL_BITS;
        metrics.checkpointTso.set(physicalMs);
        metrics.checkpointDelaySeconds.observe(Math.max(0, System.currentTimeMillis() - physicalMs) / 1000.0);
    }

    /** The last commit ts read. */
    long commitTs() {
        return commitTs;
    }

    /** Closes the store's connection, after the last {@link #refresh}. */
    void close() {
        store.close();
    }
}
