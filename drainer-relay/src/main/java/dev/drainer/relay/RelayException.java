package dev.drainer.relay;

import java.io.IOException;
import java.nio.file.Path;

/** A relay-directory problem (layout, contiguity, missing directory). The message names the directory. */
public class RelayException extends IOException {
    private final Path directory;

    public RelayException(Path directory, String message) {
        super(message);
        this.directory = directory;
    }

    public RelayException(Path directory, String message, Throwable cause) {
        super(message, cause);
        this.directory = directory;
    }

    /** The relay directory concerned. */
    public Path directory() {
        return directory;
    }
}
