package dev.drainer.operator.observe;

/** A Drainer's TLS Secret (downstream or PD) cannot be used: it or one of its keys is missing, or its files cannot be written. */
public final class TlsSecretException extends Exception {
    public TlsSecretException(String message) {
        super(message);
    }

    public TlsSecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
