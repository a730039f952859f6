package dev.drainer.checkpoint;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

/** A TLS handshake with the downstream failed for a reason only a configuration change can fix. */
public final class TlsHandshakeException extends SQLNonTransientConnectionException {
    TlsHandshakeException(String message, SQLException cause) {
        super(message, cause.getSQLState(), cause.getErrorCode(), cause);
    }

    /** True when {@code t} or one of its causes is a definite TLS handshake failure. */
    public static boolean isCauseOf(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof TlsHandshakeException) {
                return true;
            }
        }
        return false;
    }
}
