package dev.drainer.runtime.schema;

/** The DDL history could not be read (PD or TiKV unreachable after the reader's retries); a later attempt may succeed. */
public final class DdlHistoryUnavailableException extends RuntimeException {
    public DdlHistoryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
