package dev.drainer.runtime.merge;

/**
 * A merge source failed in a way retrying cannot mend (a pump sent bytes that are not a binlog); the
 * consumer of the merge gets it and must stop without advancing past what it applied.
 */
public final class SourceFailedException extends RuntimeException {
    public SourceFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
