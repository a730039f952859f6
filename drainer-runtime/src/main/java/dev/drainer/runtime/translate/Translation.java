package dev.drainer.runtime.translate;

import dev.drainer.proto.secondary.SecondaryBinlog;

/**
 * What one upstream binlog becomes: a secondary binlog to relay and apply, or a skip that only moves
 * the checkpoint once everything before it is applied (fakes, filtered or ignored transactions, §1.6).
 */
public sealed interface Translation {
    long commitTs();

    /** The schema version the tracker had reached after this binlog, for the checkpoint's {@code schema-version}. */
    long schemaVersion();

    /** A transaction for the relay log and the loader. */
    record Emit(SecondaryBinlog.Binlog binlog, long schemaVersion) implements Translation {
        @Override
        public long commitTs() {
            return binlog.getCommitTs();
        }
    }

    /** Nothing to apply; {@code reason} is for logs. */
    record Skip(long commitTs, long schemaVersion, String reason) implements Translation {
    }
}
