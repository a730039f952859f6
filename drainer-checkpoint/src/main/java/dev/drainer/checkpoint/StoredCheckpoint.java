package dev.drainer.checkpoint;

/** A checkpoint row: the upstream cluster id (unsigned) and its document. */
public record StoredCheckpoint(long clusterId, Checkpoint checkpoint) {
    @Override
    public String toString() {
        return "clusterID=" + Long.toUnsignedString(clusterId) + " " + CheckpointJson.encode(checkpoint);
    }
}
