package dev.drainer.checkpoint;

/** Reading or writing the checkpoint table failed; the message names the table and the cause. */
public class CheckpointException extends Exception {
    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }

    public CheckpointException(String message) {
        super(message);
    }
}
