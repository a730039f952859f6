package dev.drainer.runtime.pump;

import dev.drainer.proto.binlog.Binlog;
import dev.drainer.runtime.merge.Merger;

/**
 * One binlog pulled from a pump: what the merger orders and the syncer consumes.
 *
 * @param pumpId       the pump's node id
 * @param binlog       the decoded tipb binlog (a Commit binlog with the prewrite value copied in, or a fake)
 * @param payloadBytes size of the serialized binlog, for metrics and the bytes a pump may hold ahead of the merge
 */
public record PumpBinlog(String pumpId, Binlog binlog, int payloadBytes) {
    /** Binlogs a pump's puller may hold ahead of the merge: enough to hand over runs, not single items. */
    static final int AHEAD_ITEMS = 64;
    /** Bytes a pump's puller may hold ahead of the merge (a larger binlog still goes alone). */
    static final long AHEAD_BYTES = 4L << 20;

    /** The merge of the pumps' streams, starting after {@code startTs}. */
    public static Merger<PumpBinlog> merger(long startTs) {
        return new Merger<>(PumpBinlog::commitTs, PumpBinlog::payloadBytes, startTs, AHEAD_ITEMS, AHEAD_BYTES);
    }

    public long commitTs() {
        return binlog.getCommitTs();
    }

    /**
     * A fake binlog, recognised as the Go drainer does only by {@code start_ts == commit_ts}: it
     * carries no change and may advance the checkpoint once every earlier item is applied (§1.6).
     */
    public boolean fake() {
        return binlog.getStartTs() == binlog.getCommitTs();
    }
}
