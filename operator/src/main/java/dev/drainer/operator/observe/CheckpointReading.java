package dev.drainer.operator.observe;

/**
 * One read of the checkpoint row: found (commit ts and consistent flag), absent, or failed with a reason.
 */
public record CheckpointReading(Outcome outcome, long commitTs, boolean consistent, String error) {
    /** What the read found. */
    public enum Outcome { FOUND, ABSENT, FAILED }

    public static CheckpointReading found(long commitTs, boolean consistent) {
        return new CheckpointReading(Outcome.FOUND, commitTs, consistent, null);
    }

    public static CheckpointReading absent() {
        return new CheckpointReading(Outcome.ABSENT, 0, false, null);
    }

    public static CheckpointReading failed(String error) {
        return new CheckpointReading(Outcome.FAILED, 0, false, error);
    }
}
