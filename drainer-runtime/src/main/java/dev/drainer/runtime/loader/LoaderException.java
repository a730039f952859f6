package dev.drainer.runtime.loader;

/** The downstream refused a change after every retry; the message names the statement and the cause. */
public final class LoaderException extends Exception {
    public LoaderException(String message, Throwable cause) {
        super(message, cause);
    }
}
