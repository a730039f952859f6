package dev.drainer.pd.registry;

import dev.drainer.pd.PdException;

/** A registry record is not a node status the Go tools would read; the message names the key and field. */
public class RegistryFormatException extends PdException {
    public RegistryFormatException(String message) {
        super(message);
    }

    public RegistryFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
