package dev.drainer.runtime.schema;

/** Schema tracking cannot go on: an unknown table id, a missing job, a version gap; the message names them. */
public final class SchemaException extends RuntimeException {
    public SchemaException(String message) {
        super(message);
    }

    public SchemaException(String message, Throwable cause) {
        super(message, cause);
    }
}
