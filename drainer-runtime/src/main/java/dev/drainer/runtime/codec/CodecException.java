package dev.drainer.runtime.codec;

/** Malformed binlog bytes: the message names the offset, the flag or field, and what was expected. */
public final class CodecException extends RuntimeException {
    public CodecException(String message) {
        super(message);
    }

    public CodecException(String message, Throwable cause) {
        super(message, cause);
    }
}
