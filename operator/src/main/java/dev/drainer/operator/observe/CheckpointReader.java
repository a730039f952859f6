package dev.drainer.operator.observe;

/** Reads a Drainer's checkpoint row from the downstream. */
public interface CheckpointReader {
    /**
     * @param clusterId the upstream cluster id (unsigned decimal) or null while it is unknown, in which case the
     *                  table must hold exactly one row, as when the Go drainer recovers without PD
     */
    CheckpointReading read(CheckpointSource source, String clusterId);
}
