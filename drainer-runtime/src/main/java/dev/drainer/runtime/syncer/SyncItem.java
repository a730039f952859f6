package dev.drainer.runtime.syncer;

import dev.drainer.proto.secondary.SecondaryBinlog;

/**
 * One input of the {@link Syncer}, in commit-ts order: a transaction to relay and apply, or an
 * upstream item that only moves the checkpoint (a fake binlog, a wholly filtered or ignored
 * transaction, a skipped DDL: spec §1.6) once every item before it is applied.
 */
public sealed interface SyncItem {
    /** Marks the end of the input: {@link Syncer#run} returns and the caller may close cleanly. */
    SyncItem END = new AdvanceOnly(-1);

    long commitTs();

    /** A transaction for the relay log and the loader. */
    record Apply(SecondaryBinlog.Binlog binlog) implements SyncItem {
        @Override
        public long commitTs() {
            return binlog.getCommitTs();
        }
    }

    /** Nothing to write anywhere; the checkpoint may reach {@code commitTs} once everything before is applied. */
    record AdvanceOnly(long commitTs) implements SyncItem {
    }
}
