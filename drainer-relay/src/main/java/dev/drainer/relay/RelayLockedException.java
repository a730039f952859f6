package dev.drainer.relay;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The directory lock ({@code .lock}) could not be taken within the lock timeout. The message names the directory,
 * the timeout and the holder as recorded in the lock file ({@code pid=... host=... since=...}), or says that the
 * holder is unknown (a Go drainer leaves the file empty).
 */
public class RelayLockedException extends RelayException {
    private final String holder;

    public RelayLockedException(Path directory, Duration timeout, String holder) {
        super(directory, "relay directory is locked by another process dir=" + directory + " timeout=" + timeout
                + " holder=" + (holder == null || holder.isBlank()
                        ? "unknown (empty .lock: a Go drainer, or a holder that has not written its info yet)"
                        : "[" + holder.strip() + "]"));
        this.holder = holder == null ? "" : holder.strip();
    }

    /** The holder line read from {@code .lock}, empty if unknown. */
    public String holder() {
        return holder;
    }
}
