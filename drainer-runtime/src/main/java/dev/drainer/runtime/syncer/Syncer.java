package dev.drainer.runtime.syncer;

import dev.drainer.checkpoint.CheckpointException;
import dev.drainer.relay.RelayException;
import dev.drainer.relay.RelayPosition;
import dev.drainer.relay.RelayWriter;
import dev.drainer.runtime.loader.Loader;
import dev.drainer.runtime.loader.LoaderException;
import dev.drainer.runtime.loader.Txn;
import dev.drainer.runtime.metrics.DrainerMetrics;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The write side of the drainer: takes transactions in commit-ts order, appends each to the relay
 * log, makes the relay durable once per batch (group commit), applies the batch downstream, then
 * garbage-collects relay files and advances the checkpoint (saved at once around each DDL:
 * {@link DdlBarrier}). Nothing reaches the downstream before
 * its relay record is on disk. The next batch is appended and synced while the loader applies the
 * current one. Advance-only items ({@link SyncItem.AdvanceOnly}) reach neither the relay log nor the
 * downstream: they ride with the batch they arrive in and move the checkpoint after it is applied.
 */
public final class Syncer {
    private static final System.Logger LOG = System.getLogger(Syncer.class.getName());
    private final RelayWriter relay;
    private final Loader loader;
    private final CheckpointKeeper checkpoint;
    private final Clock clock;
    private final Instant safeModeUntil;
    private final boolean configuredSafeMode;
    private final LongAdder txns = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final DrainerMetrics metrics;

    /**
     * @param relay              null when the relay log is disabled
     * @param initialSafeMode    safe mode is forced on for this long after start (the Go drainer: 5 minutes)
     * @param configuredSafeMode {@code [syncer] safe-mode}
     * @param metrics            {@code execute_duration_time} and {@code queue_size} go there
     */
    public Syncer(RelayWriter relay, Loader loader, CheckpointKeeper checkpoint, Clock clock, Duration initialSafeMode,
                  boolean configuredSafeMode, DrainerMetrics metrics) {
        this.metrics = metrics;
        this.relay = relay;
        this.loader = loader;
        this.checkpoint = checkpoint;
        this.clock = clock;
        this.safeModeUntil = clock.instant().plus(initialSafeMode);
        this.configuredSafeMode = configuredSafeMode;
        loader.setSafeMode(true);
    }

    /** Transactions applied in this run. */
    public long appliedTxns() {
        return txns.sum();
    }

    /**
     * Consumes {@code input} until {@link SyncItem#END} (compared by identity). Items at or below the
     * checkpoint are skipped: they were applied by an earlier run. While the loader applies a batch, the next one is gathered,
     * appended to the relay log and synced ({@link ApplyAhead}); a batch is applied only after its own
     * sync, and the checkpoint and relay GC follow its apply.
     */
    public void run(SyncQueue input)
            throws InterruptedException, IOException, LoaderException, CheckpointException {
        Instant lastProgress = clock.instant();
        long lastTs = checkpoint.current().commitTs();
        boolean end = false;
        try (ApplyAhead applier = new ApplyAhead("syncer-apply")) {
            while (!end) {
                List<SyncItem.Apply> batch = new ArrayList<>();
                long batchTs = 0;
                int dmls = 0;
                SyncItem item = firstOfBatch(input, applier);
                // Gather up to the loader's batch size: a batch shares one fsync and one loader stage.
                while (item != null) {
                    if (item == SyncItem.END) {
                        end = true;
                        break;
                    }
                    if (item.commitTs() <= lastTs) {
                        skipped.increment();
                    } else {
                        lastTs = item.commitTs();
                        batchTs = lastTs;
                        if (item instanceof SyncItem.Apply a) {
                            batch.add(a);
                        }
                        // Advance-only items count too, so a flood of them cannot keep a batch open.
                        dmls += SyncQueue.rows(item);
                    }
                    item = dmls < loader.options().batchDmlLimit() ? next(input, applier) : null;
                }
                if (batchTs != 0) {
                    Prepared p = prepare(batch, batchTs);
                    long handOver = System.nanoTime();
                    applier.submit(() -> apply(p));
                    // Go: the time an item takes to reach the downstream syncer, which waits while it is busy.
                    metrics.executeDurationTime.observe((System.nanoTime() - handOver) / 1e9);
                    recordQueues(input);
                }
                if (Duration.between(lastProgress, clock.instant()).toSeconds() >= 10) {
                    lastProgress = clock.instant();
                    LOG.log(System.Logger.Level.INFO, "syncer progress txns={0} rows={1} statements={2} merged={3} folded={4} skipped={5} checkpointTS={6} retries={7}",
                            txns.sum(), loader.rowsApplied(), loader.statementsExecuted(), loader.rowsMerged(), loader.rowsFolded(),
                            skipped.sum(), checkpoint.current().commitTs(), loader.retries());
                }
            }
            applier.await();
        }
    }

    /**
     * Waits for the next batch's first item. While none comes, the last batch's position is saved once a save
     * interval has passed: the keeper saves when a batch is applied and the interval is up, so without this the
     * end of a burst (a quiet upstream whose pumps send no fakes yet, a test's feed that pauses) would stay unsaved
     * until the next item.
     */
    private SyncItem firstOfBatch(SyncQueue input, ApplyAhead applier)
            throws InterruptedException, IOException, LoaderException, CheckpointException {
        long idleMillis = checkpoint.saveInterval().toMillis();
        if (idleMillis <= 0) {
            return input.take(); // every apply saves
        }
        while (true) {
            SyncItem item = input.poll(idleMillis, TimeUnit.MILLISECONDS);
            if (item != null) {
                return item;
            }
            applier.submit(() -> checkpoint.saveAt(checkpoint.current().commitTs()));
        }
    }

    private void recordQueues(SyncQueue input) {
        metrics.queueSize.labels("syncer_input").set(input.size());
        for (int w = 0; w < loader.options().workerCount(); w++) {
            metrics.queueSize.labels("worker_" + w).set(loader.queuedChunks(w));
        }
    }

    /**
     * The next waiting item; while the loader still applies the previous batch, this one could not start
     * anyway, so it waits for items to come. A source slower than the loader (a live upstream) then fills
     * each batch for as long as the last one takes, instead of handing over the few transactions that
     * happened to be queued: small batches cost an fsync, a loader stage and short statements each
     * (docs/benchmark.md, upstream).
     */
    static SyncItem next(SyncQueue input, ApplyAhead applier) throws InterruptedException {
        return input.pollWhile(applier.current());
    }

    /**
     * A batch on disk in the relay log, ready for the loader; {@code last} is null without relay or
     * transactions; {@code checkpointTs} is its last item's commit ts, advance-only or not.
     */
    private record Prepared(List<Txn> txns, RelayPosition last, long checkpointTs) {
    }

    /** Appends the batch to the relay log and makes it durable (group commit). */
    private Prepared prepare(List<SyncItem.Apply> batch, long checkpointTs) throws IOException {
        List<Txn> txnBatch = new ArrayList<>(batch.size());
        RelayPosition last = null;
        for (SyncItem.Apply a : batch) {
            if (relay != null) {
                last = append(a);
            }
            txnBatch.add(a.txn().withTag(last));
        }
        if (relay != null && !batch.isEmpty()) {
            relay.sync();
        }
        return new Prepared(txnBatch, last, checkpointTs);
    }

    private void apply(Prepared batch) throws IOException, LoaderException, CheckpointException {
        if (!configuredSafeMode && loader.safeMode() && clock.instant().isAfter(safeModeUntil)) {
            loader.setSafeMode(false);
            LOG.log(System.Logger.Level.INFO, "safe mode off: the start-up window has passed");
        }
        List<Txn> txnBatch = batch.txns();
        if (!txnBatch.isEmpty()) {
            DdlBarrier.apply(loader, txnBatch, checkpoint::saveAt);
            txns.add(txnBatch.size());
        }
        if (batch.last() != null) {
            // Only files before the applied batch's last record go: the next batch's records are at or after it.
            relay.gc(batch.last());
        }
        checkpoint.applied(batch.checkpointTs());
    }

    private RelayPosition append(SyncItem.Apply a) throws IOException {
        try {
            return relay.append(a.record());
        } catch (RelayException e) {
            throw new IOException("cannot append commit ts " + a.commitTs() + " to the relay log: " + e.getMessage(), e);
        }
    }
}
