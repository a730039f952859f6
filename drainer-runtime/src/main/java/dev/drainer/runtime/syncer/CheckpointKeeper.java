package dev.drainer.runtime.syncer;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointException;
import dev.drainer.checkpoint.CheckpointStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Saves the checkpoint by the Go drainer's rules (spec 6.4), with two fixes: {@code consistent=false}
 * is written before the first downstream write of a run, so a crash in the first seconds can never
 * leave a stale {@code consistent=true} behind a torn downstream (spec 13.1); and a DDL is preceded
 * by a save just below it, not only followed by one ({@link DdlBarrier}).
 */
public final class CheckpointKeeper {
    private static final System.Logger LOG = System.getLogger(CheckpointKeeper.class.getName());

    private final CheckpointStore store;
    private final long clusterId;
    private final Duration saveInterval;
    private final Clock clock;
    private final Consumer<String> probe;
    private final DdlSchemaVersions ddlVersions;
    // Read by the syncer's progress log while the apply thread advances it.
    private volatile Checkpoint current;
    private long lastSavedTs;
    private Instant lastSave;

    /**
     * @param saveInterval the Go drainer saves at most this often (3 s) unless a DDL forces a save
     * @param ddlVersions  where the schema versions of applied DDLs are found; the saved
     *                     {@code schema-version} is the highest of them and never goes back
     */
    public CheckpointKeeper(CheckpointStore store, long clusterId, Duration saveInterval, Clock clock,
                            Consumer<String> probe, DdlSchemaVersions ddlVersions) {
        this.store = store;
        this.clusterId = clusterId;
        this.saveInterval = saveInterval;
        this.clock = clock;
        this.probe = probe;
        this.ddlVersions = ddlVersions;
    }

    /**
     * Loads the row (creating the table if needed; no row or commit ts 0 means {@code initialCommitTs})
     * and marks it inconsistent before anything is written downstream.
     */
    public Checkpoint open(long initialCommitTs) throws CheckpointException {
        store.createIfMissing();
        Checkpoint cp = store.load(clusterId).orElse(null);
        if (cp == null || cp.commitTs() == 0) {
            cp = new Checkpoint(false, initialCommitTs, cp == null ? java.util.Map.of() : cp.tsMap(),
                    cp == null ? 0 : cp.schemaVersion());
        }
        current = cp.withConsistent(false);
        save();
        LOG.log(System.Logger.Level.INFO, "checkpoint opened table={0} clusterID={1} commitTS={2} schemaVersion={3}",
                store.tableName(), Long.toUnsignedString(clusterId), current.commitTs(), current.schemaVersion());
        return current;
    }

    /** How often, at most, {@link #applied} saves. */
    public Duration saveInterval() {
        return saveInterval;
    }

    public Checkpoint current() {
        return current;
    }

    /** Records that everything up to {@code commitTs} is applied; saves when the save interval has passed. */
    public void applied(long commitTs) throws CheckpointException {
        advance(commitTs);
        if (current.commitTs() > lastSavedTs && Duration.between(lastSave, clock.instant()).compareTo(saveInterval) >= 0) {
            save();
        }
    }

    /**
     * Records that everything up to {@code commitTs} is applied and saves now unless that is saved
     * already: around a DDL ({@link DdlBarrier}), where the Go drainer saves too (spec 6.4), and when the
     * syncer's input pauses (what was applied last is saved then, not when the next batch comes).
     */
    public void saveAt(long commitTs) throws CheckpointException {
        advance(commitTs);
        if (current.commitTs() > lastSavedTs) {
            save();
        }
    }

    private void advance(long commitTs) {
        if (commitTs > current.commitTs()) {
            current = current.advancedTo(commitTs, ddlVersions.takeUpTo(commitTs));
        }
    }

    /** The clean-stop sequence: one last inconsistent save, then {@code consistent=true}. */
    public void closeCleanly() throws CheckpointException {
        save();
        current = current.withConsistent(true);
        save();
        LOG.log(System.Logger.Level.INFO, "checkpoint closed consistent=true commitTS={0}", current.commitTs());
    }

    private void save() throws CheckpointException {
        probe.accept("checkpoint.save.before");
        store.save(clusterId, current);
        lastSavedTs = current.commitTs();
        lastSave = clock.instant();
        probe.accept("checkpoint.save.after");
    }
}
