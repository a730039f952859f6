package dev.drainer.pd;

/** A call to PD or its etcd failed or answered something unusable; the message names the endpoint(s) and the cause. */
public class PdException extends Exception {
    public PdException(String message) {
        super(message);
    }

    public PdException(String message, Throwable cause) {
        super(message, cause);
    }
}
