package dev.drainer.runtime.syncer;

import dev.drainer.proto.secondary.SecondaryBinlog;
import dev.drainer.runtime.loader.Txn;
import dev.drainer.runtime.translate.SecondaryBinlogTranslator;

/**
 * One input of the {@link Syncer}, in commit-ts order: a transaction to relay and apply, or an
 * upstream item that only moves the checkpoint (a fake binlog, a wholly filtered or ignored
 * transaction, a skipped DDL: spec §1.6) once every item before it is applied.
 */
public sealed interface SyncItem {
    /** Marks the end of the input: {@link Syncer#run} returns and the caller may close cleanly. */
    SyncItem END = new AdvanceOnly(-1);

    long commitTs();

    /**
     * A transaction for the relay log and the loader, already serialized and translated.
     *
     * @param record its relay-log record (a serialized secondary binlog)
     * @param txn    what the loader applies; its tag is set once the record has a relay position
     * @param rows   the row changes it brings to a batch, at least 1 (a DDL)
     */
    record Apply(long commitTs, byte[] record, Txn txn, int rows) implements SyncItem {
        /**
         * {@code binlog} serialized and translated now. Sources call this on their own thread, right after building
         * the message: walking it again later on the syncer's thread, once other batches had pushed it out of the
         * CPU caches, took about a tenth of the drainer's CPU in the bench's live upstream phase (docs/benchmark.md).
         */
        public static Apply of(SecondaryBinlog.Binlog binlog, SecondaryBinlogTranslator translator) {
            return of(binlog.toByteArray(), translator);
        }

        /** The serialized secondary binlog {@code record}, translated now (for sources that hold records). */
        public static Apply of(byte[] record, SecondaryBinlogTranslator translator) {
            Txn txn = translator.toTxn(record, null);
            return new Apply(txn.commitTs(), record, txn, Math.max(1, txn.dmls().size()));
        }
    }

    /** Nothing to write anywhere; the checkpoint may reach {@code commitTs} once everything before is applied. */
    record AdvanceOnly(long commitTs) implements SyncItem {
    }
}
