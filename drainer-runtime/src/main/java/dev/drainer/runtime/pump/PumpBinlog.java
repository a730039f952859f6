package dev.drainer.runtime.pump;

import dev.drainer.proto.binlog.Binlog;

/**
 * One binlog pulled from a pump: what the merger orders and the syncer consumes.
 *
 * @param pumpId       the pump's node id
 * @param binlog       the decoded tipb binlog (a Commit binlog with the prewrite value copied in, or a fake)
 * @param payloadBytes size of the serialized binlog, for metrics
 */
public record PumpBinlog(String pumpId, Binlog binlog, int payloadBytes) {
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
