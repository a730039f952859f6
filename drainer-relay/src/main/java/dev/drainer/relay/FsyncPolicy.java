package dev.drainer.relay;

/** When the relay writer forces data to stable storage. */
public enum FsyncPolicy {
    /**
     * Group commit: {@link RelayWriter#sync()} forces the current file (fdatasync) and, when files were created or
     * deleted since the previous sync, the directory. A rotation forces the old file before closing it; GC forces
     * the directory after every deletion; {@link RelayWriter#close()} forces the current file and directory.
     */
    COMMIT,
    /** No fsync at all, exactly like the Go drainer: survives a process crash, not an OS crash or power loss. */
    OFF
}
