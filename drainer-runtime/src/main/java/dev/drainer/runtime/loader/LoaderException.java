package dev.drainer.runtime.loader;

/**
 * The downstream refused a change; the message names the table, the statement and the cause.
 * {@link #deterministic()} tells a refusal that every further attempt would meet again (bad data or
 * schema) from one that outlasted the retries (connection, locks).
 */
public final class LoaderException extends Exception {
    private final boolean deterministic;

    public LoaderException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public LoaderException(String message, Throwable cause, boolean deterministic) {
        super(message, cause);
        this.deterministic = deterministic;
    }

    /** True when the downstream refused for a reason no retry can change (e.g. data too long, no such table). */
    public boolean deterministic() {
        return deterministic;
    }
}
