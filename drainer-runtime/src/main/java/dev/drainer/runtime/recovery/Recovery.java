package dev.drainer.runtime.recovery;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointException;
import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.checkpoint.StoredCheckpoint;
import dev.drainer.relay.RelayOptions;
import dev.drainer.relay.RelayReader;
import dev.drainer.relay.RelayRecord;
import dev.drainer.runtime.loader.Loader;
import dev.drainer.runtime.loader.LoaderException;
import dev.drainer.runtime.loader.Txn;
import dev.drainer.runtime.syncer.ApplyAhead;
import dev.drainer.runtime.syncer.DdlBarrier;
import dev.drainer.runtime.translate.SecondaryBinlogTranslator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Brings a torn downstream back to a transaction-consistent state from the relay log (spec 7): read
 * the checkpoint, replay every relay record above its commit ts (and above every record before it:
 * records relayed again by a restarted run are skipped) in safe mode, then save
 * {@code consistent=true} at the last replayed commit ts. Safe mode makes every replayed change
 * idempotent, and the checkpoint moves (inconsistent) around each replayed DDL ({@link DdlBarrier}),
 * so a recovery that is itself interrupted converges when run again.
 */
public final class Recovery {
    private static final System.Logger LOG = System.getLogger(Recovery.class.getName());

    private final CheckpointStore checkpoints;
    private final Loader loader;
    private final Path relayDir;
    private final RelayOptions relayOptions;
    private final SecondaryBinlogTranslator translator;
    private final Duration progressEvery;
    private final Consumer<String> probe;

    /**
     * @param loader a loader on the downstream; recovery forces its safe mode on
     * @param probe  called at named points, for crash tests
     */
    public Recovery(CheckpointStore checkpoints, Loader loader, Path relayDir, RelayOptions relayOptions,
                    SecondaryBinlogTranslator translator, Duration progressEvery, Consumer<String> probe) {
        this.checkpoints = checkpoints;
        this.loader = loader;
        this.relayDir = relayDir;
        this.relayOptions = relayOptions;
        this.translator = translator;
        this.progressEvery = progressEvery;
        this.probe = probe;
    }

    /**
     * Recovers the row of {@code clusterId}, or the table's only row when it is empty (the cluster id
     * comes from PD, which is what is unreachable).
     */
    public RecoveryResult run(OptionalLong clusterId) throws CheckpointException, IOException, LoaderException {
        Optional<StoredCheckpoint> row = clusterId.isPresent()
                ? checkpoints.load(clusterId.getAsLong()).map(cp -> new StoredCheckpoint(clusterId.getAsLong(), cp))
                : checkpoints.loadSingle();
        if (row.isEmpty()) {
            return nothing(0, 0, "no checkpoint row in " + checkpoints.tableName()
                    + (clusterId.isPresent() ? " for clusterID=" + Long.toUnsignedString(clusterId.getAsLong()) : ""));
        }
        long id = row.get().clusterId();
        Checkpoint cp = row.get().checkpoint();
        if (cp.consistent()) {
            return nothing(id, cp.commitTs(), "checkpoint is already consistent at commitTS=" + cp.commitTs());
        }
        LOG.log(System.Logger.Level.INFO, "recovery started clusterID={0} checkpointTS={1} relayDir={2}",
                Long.toUnsignedString(id), cp.commitTs(), relayDir);
        loader.setSafeMode(true);
        Replayed replayed = new Replayed(cp.commitTs());
        long highestRead = cp.commitTs();
        long bytes = 0;
        long skipped = 0;
        long started = System.nanoTime();
        long lastProgress = started;
        // The next batch is read and translated while the loader applies this one.
        try (RelayReader reader = RelayReader.open(relayDir, relayOptions); ApplyAhead applier = new ApplyAhead("recovery-apply")) {
            List<Txn> batch = new ArrayList<>();
            int dmls = 0;
            RelayRecord rec;
            while ((rec = reader.readNext()) != null) {
                Txn txn = translate(rec);
                bytes += rec.payload().length;
                // Not only at or below the checkpoint: a drainer restarted after a crash relays again, from its
                // checkpoint, what the crashed run had already relayed beyond it. Those copies follow in file
                // order; replayed, they would take rows back to older images and end the replay at a lower ts.
                if (txn.commitTs() <= highestRead) {
                    skipped++;
                    continue;
                }
                highestRead = txn.commitTs();
                batch.add(txn);
                dmls += Math.max(1, txn.dmls().size());
                if (dmls >= loader.options().batchDmlLimit() || txn.isDdl()) {
                    List<Txn> full = batch;
                    applier.submit(() -> replay(full, replayed, id, cp));
                    batch = new ArrayList<>();
                    dmls = 0;
                }
                if (System.nanoTime() - lastProgress >= progressEvery.toNanos()) {
                    lastProgress = System.nanoTime();
                    LOG.log(System.Logger.Level.INFO, "recovery progress file={0} offset={1} txns={2} skipped={3} lastTS={4} relayMB={5}",
                            rec.fileName(), rec.offset(), replayed.txns, skipped, replayed.lastTs, String.format("%.1f", bytes / 1e6));
                }
            }
            List<Txn> rest = batch;
            applier.submit(() -> replay(rest, replayed, id, cp));
            applier.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoaderException("interrupted while replaying the relay log", e);
        }
        long lastTs = replayed.lastTs;
        long txns = replayed.txns;
        Checkpoint done = new Checkpoint(true, lastTs, cp.tsMap(), cp.schemaVersion());
        probe.accept("recovery.save.before");
        checkpoints.save(id, done);
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.log(System.Logger.Level.INFO, "recovery finished clusterID={0} consistentAt={1} txns={2} skipped={3} relayMB={4} seconds={5}",
                Long.toUnsignedString(id), lastTs, txns, skipped, String.format("%.1f", bytes / 1e6),
                String.format("%.1f", seconds));
        return new RecoveryResult(true, "replayed " + txns + " transactions; consistent at commitTS=" + lastTs,
                id, lastTs, txns, bytes);
    }

    /** What the apply thread has replayed so far; read by the reading thread for progress lines only. */
    private static final class Replayed {
        volatile long lastTs;
        volatile long txns;

        Replayed(long lastTs) {
            this.lastTs = lastTs;
        }
    }

    /**
     * Applies one batch; around a DDL the checkpoint is saved (still {@code consistent=false}) just
     * below and at the DDL, so a recovery killed after it replays from the DDL, not the rows before it.
     */
    private void replay(List<Txn> batch, Replayed replayed, long clusterId, Checkpoint from)
            throws LoaderException, CheckpointException {
        if (batch.isEmpty()) {
            return;
        }
        DdlBarrier.apply(loader, batch, ts -> {
            if (ts > from.commitTs()) {
                checkpoints.save(clusterId, new Checkpoint(false, ts, from.tsMap(), from.schemaVersion()));
            }
        });
        probe.accept("recovery.batch.applied");
        replayed.lastTs = batch.get(batch.size() - 1).commitTs();
        replayed.txns += batch.size();
    }

    private Txn translate(RelayRecord rec) throws IOException {
        try {
            return translator.toTxn(rec.payload(), rec.pos());
        } catch (IllegalArgumentException e) {
            throw new IOException("relay record in " + rec.fileName() + " at offset " + rec.offset() + ": " + e.getMessage(), e);
        }
    }

    private static RecoveryResult nothing(long id, long ts, String reason) {
        LOG.log(System.Logger.Level.INFO, "recovery not needed reason=\"{0}\"", reason);
        return new RecoveryResult(false, reason, id, ts, 0, 0);
    }
}
