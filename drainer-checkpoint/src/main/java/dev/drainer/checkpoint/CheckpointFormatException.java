package dev.drainer.checkpoint;

/** A checkpoint row whose JSON cannot be understood. */
public final class CheckpointFormatException extends RuntimeException {
    public CheckpointFormatException(String message) {
        super(message);
    }
}
