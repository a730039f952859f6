package dev.drainer.relay;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The exclusive lock on a relay directory's {@code .lock} file.
 *
 * <p>{@link FileChannel#tryLock()} is polled until the timeout. Once locked, the holder truncates {@code .lock} and
 * writes {@code pid=<pid> host=<hostname> since=<ISO-8601 instant> role=<writer|reader|inspector>} into it (the Go
 * drainer ignores the content and leaves the file empty); on release the content is truncated again.
 *
 * <p><b>Lock flavours.</b> Java's file lock is a POSIX {@code fcntl} record lock, the Go drainer uses {@code flock}.
 * On Linux NFS both become NFS byte-range locks and exclude each other; on a local disk they do <em>not</em> see each
 * other. Never run a Go and a Java drainer on one relay directory at the same time.
 *
 * <p><b>Same JVM.</b> {@code fcntl} locks belong to the process, and closing <em>any</em> descriptor of the file drops
 * all of them. Holders inside this JVM are therefore tracked in a static table: a second opener in the same JVM
 * waits on that table and never opens {@code .lock} while another local holder exists.
 */
final class DirectoryLock implements Closeable {
    static final String LOCK_FILE = ".lock";
    private static final String PENDING = "";
    /** Lock-file path (real path) → holder line of the holder in this JVM ({@link #PENDING} while acquiring). */
    private static final Map<Path, String> LOCAL_HOLDERS = new HashMap<>();
    private static final long MAX_POLL_MILLIS = 50;

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;
    private final String holder;
    private boolean released;

    private DirectoryLock(Path key, FileChannel channel, FileLock lock, String holder) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
        this.holder = holder;
    }

    /** Takes the lock of existing directory {@code dir}, polling up to {@code timeout}. */
    static DirectoryLock acquire(Path dir, Duration timeout, Clock clock, String role) throws IOException {
        Path lockFile = dir.resolve(LOCK_FILE);
        if (Files.notExists(lockFile)) {
            try {
                if (posix()) {
                    Files.createFile(lockFile, ownerOnly());
                } else {
                    Files.createFile(lockFile);
                }
            } catch (java.nio.file.FileAlreadyExistsException ignored) {
                // created concurrently
            }
        }
        Path key = lockFile.toRealPath();
        long deadline = System.nanoTime() + timeout.toNanos();

        // Phase 1: become the only opener of this lock file inside the JVM.
        while (true) {
            String localHolder;
            synchronized (LOCAL_HOLDERS) {
                localHolder = LOCAL_HOLDERS.get(key);
                if (localHolder == null) {
                    LOCAL_HOLDERS.put(key, PENDING);
                    break;
                }
            }
            if (!pause(deadline)) {
                throw new RelayLockedException(dir, timeout, localHolder.equals(PENDING)
                        ? "pid=" + ProcessHandle.current().pid() + " (this process, still acquiring)" : localHolder);
            }
        }

        // Phase 2: the OS lock, which other processes may hold.
        FileChannel ch = null;
        boolean ok = false;
        try {
            ch = FileChannel.open(key, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock fl;
            while (true) {
                try {
                    fl = ch.tryLock();
                } catch (OverlappingFileLockException e) {
                    fl = null; // cannot happen with the local table, treat as busy
                }
                if (fl != null) {
                    break;
                }
                if (!pause(deadline)) {
                    throw new RelayLockedException(dir, timeout, readAll(ch));
                }
            }
            String holder = "pid=" + ProcessHandle.current().pid() + " host=" + hostName() + " since="
                    + Instant.now(clock) + " role=" + role;
            ch.truncate(0);
            ByteBuffer b = ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8));
            long p = 0;
            while (b.hasRemaining()) {
                p += ch.write(b, p);
            }
            synchronized (LOCAL_HOLDERS) {
                LOCAL_HOLDERS.put(key, holder);
            }
            RelayLog.log(System.Logger.Level.DEBUG, "relay lock acquired", "dir", dir, "holder", holder);
            ok = true;
            return new DirectoryLock(key, ch, fl, holder);
        } finally {
            if (!ok) {
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // best effort
                    }
                }
                synchronized (LOCAL_HOLDERS) {
                    LOCAL_HOLDERS.remove(key);
                }
            }
        }
    }

    /** The holder line this lock wrote. */
    String holder() {
        return holder;
    }

    /** Clears the holder info, releases the lock and closes the lock file. Idempotent. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
        }
        IOException err = null;
        try {
            channel.truncate(0);
        } catch (IOException e) {
            err = e;
        }
        try {
            lock.release();
        } catch (IOException e) {
            if (err == null) {
                err = e;
            }
        }
        try {
            channel.close();
        } catch (IOException e) {
            if (err == null) {
                err = e;
            }
        }
        synchronized (LOCAL_HOLDERS) {
            LOCAL_HOLDERS.remove(key);
        }
        if (err != null) {
            throw err;
        }
    }

    static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    static FileAttribute<?> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }

    private static boolean pause(long deadline) throws InterruptedIOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        try {
            Thread.sleep(Math.max(1, Math.min(MAX_POLL_MILLIS, left / 1_000_000)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the relay directory lock");
        }
        return true;
    }

    private static String readAll(FileChannel ch) {
        try {
            long size = Math.min(ch.size(), 4096);
            ByteBuffer b = ByteBuffer.allocate((int) size);
            long p = 0;
            while (b.hasRemaining()) {
                int n = ch.read(b, p);
                if (n < 0) {
                    break;
                }
                p += n;
            }
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            String env = System.getenv("HOSTNAME");
            return env != null && !env.isBlank() ? env : "unknown";
        }
    }
}
