package dev.drainer.relay;

import java.io.Closeable;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Objects;

/**
 * Appends relay records to a relay directory, byte-compatible with the Go drainer's {@code pkg/binlogfile}.
 *
 * <h2>Life cycle</h2>
 * {@link #open(Path, RelayOptions)} creates the directory (mode 0700) if needed, takes the directory lock
 * ({@code .lock}, see {@link RelayLockedException}), checks that file indices are contiguous, then either creates
 * {@code binlog-0000000000000000-<now>} (empty directory) or reopens the newest file after <em>torn-tail repair</em>:
 * if from some offset to the end of the newest file there is no complete CRC-valid record (a partial record, a
 * record whose CRC does not match, or garbage), the file is truncated there, fsynced, and a WARNING names the file,
 * the offset and the bytes dropped. A bad region followed by a valid record is left alone (the reader resyncs on
 * magic; a CRC mismatch there stays fatal).
 *
 * <h2>Appending and rotation</h2>
 * {@link #append(byte[])} adds one record (one transaction) to the writer's buffer of {@value #BUFFER_BYTES} bytes
 * and returns its position (file index, end offset). The buffer goes to the file when it is full, at
 * {@link #sync()}, at rotation and at close: one {@code write} per buffer instead of one per record, which took
 * most of the relay's CPU (docs/relay-log.md, "Writing and rotation"). A record larger than the buffer is written
 * at once. When a record's end offset is {@code >= maxFileSize} the writer rotates: it writes the buffer, creates
 * the next file ({@code index+1}, 0600), forces the old file (policy {@link FsyncPolicy#COMMIT}) and closes it. A
 * record is never split across files; a file exceeds the limit by at most one record.
 *
 * <h2>Durability</h2>
 * The caller calls {@link #sync()} once before handing a batch of transactions to the database (group commit): it
 * writes the buffer to the file under either policy, so a process crash keeps everything handed over, as the Go
 * drainer's per-record writes do. With {@link FsyncPolicy#COMMIT} it then forces the current file and, if files
 * were created or deleted since the previous sync, the directory; with {@link FsyncPolicy#OFF} it forces nothing
 * (Go behaviour).
 *
 * <h2>GC</h2>
 * {@link #gc(RelayPosition)} implements Go's {@code GCByPos}: for the position of a transaction applied downstream,
 * if its suffix is greater than the highest suffix already GC'ed by this writer (0 at open), every data file with
 * a lower index except the newest one is deleted, lowest first (so a crash mid-GC keeps the indices contiguous);
 * under COMMIT the directory is forced after every deletion.
 *
 * <h2>Locking</h2>
 * The writer (like {@link RelayReader} and {@link RelayInspector#inspect(Path, RelayOptions)}) holds an exclusive
 * lock on {@code .lock}, polled with {@link java.nio.channels.FileChannel#tryLock()} until
 * {@link RelayOptions#lockTimeout()}; on timeout {@link RelayLockedException} names the holder, which writes
 * {@code pid=<pid> host=<hostname> since=<ISO instant> role=<role>} into {@code .lock} after locking (cleared on
 * close; the Go drainer leaves the file empty). Java's lock is a POSIX {@code fcntl} lock while Go uses
 * {@code flock}: on Linux NFS both map to NFS byte-range locks and exclude each other, but on a local disk they do
 * not see each other, so never run a Go and a Java drainer on one directory at the same time.
 *
 * <h2>Crash-injection probe</h2>
 * The writer calls {@link RelayOptions#probe()} with these point names so a harness can kill the process there:
 * <ul>
 *   <li>{@code relay.append.before} — at the start of {@code append}, nothing of the record buffered yet;</li>
 *   <li>{@code relay.append.after} — the record is buffered (written at the next sync, rotation or full buffer),
 *       before any rotation;</li>
 *   <li>{@code relay.write.partial} — while the buffer (or a record larger than it) goes to the file: the first
 *       half of its bytes is written and the rest not yet (it is written with two write calls, so a kill here
 *       leaves a torn tail);</li>
 *   <li>{@code relay.rotate.created} — the old file has all its records, the next file exists, the old one is not
 *       yet forced or closed;</li>
 *   <li>{@code relay.sync.before} — in every {@code sync()}, under either policy, once the buffer is written and
 *       before anything is forced;</li>
 *   <li>{@code relay.gc.deleted} — after each file deletion by GC (and its directory fsync under COMMIT).</li>
 * </ul>
 * A probe that throws aborts the operation; if a write was incomplete at that point the writer refuses further
 * appends and syncs (reopen it to repair the tail).
 *
 * <p>All methods are thread-safe (serialised on the writer).
 */
public final class RelayWriter implements Closeable {
    public static final String PROBE_APPEND_BEFORE = "relay.append.before";
    public static final String PROBE_WRITE_PARTIAL = "relay.write.partial";
    public static final String PROBE_APPEND_AFTER = "relay.append.after";
    public static final String PROBE_ROTATE_CREATED = "relay.rotate.created";
    public static final String PROBE_SYNC_BEFORE = "relay.sync.before";
    public static final String PROBE_GC_DELETED = "relay.gc.deleted";
    /** The write buffer: a few hundred records of a typical transaction, a fraction of a relay file. */
    static final int BUFFER_BYTES = 256 * 1024;

    private final Path dir;
    private final RelayOptions options;
    private final RelayStats stats;
    private final DirectoryLock lock;
    /** Records appended and not yet written; direct, so a write copies it to the file without a heap copy first. */
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    private FileChannel current;
    private RelayFileName currentFile;
    private long offset;
    private boolean dirDirty;
    private long nextGcSuffix;
    private boolean closed;
    private String failure;

    private RelayWriter(Path dir, RelayOptions options, DirectoryLock lock) {
        this.dir = dir;
        this.options = options;
        this.stats = options.stats();
        this.lock = lock;
    }

    /** Opens (creating if needed) the relay directory for appending. */
    public static RelayWriter open(Path dir, RelayOptions options) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        boolean createdDir = false;
        if (!Files.isDirectory(dir)) {
            if (Files.exists(dir)) {
                throw new RelayException(dir, "relay directory path is not a directory dir=" + dir);
            }
            if (posix()) {
                Files.createDirectories(dir,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectories(dir);
            }
            createdDir = true;
        }
        DirectoryLock lock = DirectoryLock.acquire(dir, options.lockTimeout(), options.clock(), "writer");
        RelayWriter w = new RelayWriter(dir, options, lock);
        boolean ok = false;
        try {
            if (createdDir && options.fsyncPolicy() == FsyncPolicy.COMMIT) {
                Path parent = dir.toAbsolutePath().getParent();
                if (parent != null) {
                    w.syncDirectory(parent);
                }
            }
            w.init();
            ok = true;
            return w;
        } finally {
            if (!ok) {
                w.closeQuietly();
            }
        }
    }

    private void init() throws IOException {
        List<RelayFileName> files = RelayFileName.list(dir);
        RelayFileName.checkContiguous(dir, files);
        if (files.isEmpty()) {
            currentFile = RelayFileName.create(0, options.clock());
            current = createFile(currentFile);
            offset = 0;
            RelayLog.log(Level.INFO, "relay opened empty directory", "dir", dir, "created", currentFile.name(),
                    "fsync", options.fsyncPolicy());
        } else {
            currentFile = files.get(files.size() - 1);
            Path path = dir.resolve(currentFile.name());
            current = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            offset = repairTail(path, current);
            RelayLog.log(Level.INFO, "relay opened", "dir", dir, "files", files.size(), "first",
                    files.get(0).name(), "current", currentFile.name(), "offset", offset, "fsync",
                    options.fsyncPolicy());
        }
        current.position(offset);
        stats.current(currentFile.index(), offset);
    }

    /** Truncates a torn tail of the newest file; returns the size to continue at. */
    private long repairTail(Path path, FileChannel ch) throws IOException {
        long size = ch.size();
        RecordScanner s = new RecordScanner(ch, path, size);
        long pos = 0;
        while (true) {
            RecordScanner.Result r = s.at(pos);
            switch (r.status()) {
                case EOF:
                    return size;
                case RECORD:
                    pos = r.end();
                    break;
                default:
                    long next = s.findValidRecord(pos + 1);
                    if (next < 0) {
                        long dropped = size - pos;
                        ch.truncate(pos);
                        ch.force(true);
                        stats.fileSynced();
                        stats.tornTailRepaired(dropped);
                        RelayLog.log(Level.WARNING, "relay torn tail truncated", "file", path, "offset", pos,
                                "dropped_bytes", dropped, "old_size", size, "reason",
                                r.status() + ": " + r.detail());
                        return pos;
                    }
                    RelayLog.log(Level.WARNING, "relay bad region before a valid record left in place", "file",
                            path, "offset", pos, "next_record", next, "reason", r.status() + ": " + r.detail());
                    pos = next;
                    break;
            }
        }
    }

    /**
     * Appends one record holding {@code payload}; returns (file index, end offset). Rotates afterwards when the end
     * offset reaches {@code maxFileSize}. Not in the file until {@link #sync()} (or a full buffer or rotation), not
     * durable until {@code sync()} under {@link FsyncPolicy#COMMIT}.
     */
    public synchronized RelayPosition append(byte[] payload) throws IOException {
        Objects.requireNonNull(payload, "payload");
        ensureUsable();
        probe(PROBE_APPEND_BEFORE);
        long total = (long) payload.length + RelayFraming.OVERHEAD;
        if (total > buffer.remaining()) {
            flush();
        }
        if (total > buffer.capacity()) {
            write(new ByteBuffer[] {RelayFraming.header(payload.length), ByteBuffer.wrap(payload),
                RelayFraming.trailer(payload)}, offset);
        } else {
            RelayFraming.put(buffer, payload);
        }
        long start = offset;
        offset += total;
        stats.recordWritten(total);
        stats.currentSize(offset);
        RelayPosition pos = new RelayPosition(currentFile.index(), offset);
        RelayLog.log(Level.TRACE, "relay appended", "file", currentFile.name(), "offset", start, "end", offset);
        probe(PROBE_APPEND_AFTER);
        if (offset >= options.maxFileSize()) {
            rotate();
        }
        return pos;
    }

    /** Writes the buffered records to the current file. */
    private void flush() throws IOException {
        if (buffer.position() == 0) {
            return;
        }
        buffer.flip();
        try {
            write(new ByteBuffer[] {buffer}, offset - buffer.remaining());
        } finally {
            buffer.clear();
        }
    }

    /**
     * Writes {@code bytes}, which start at file offset {@code start}, with two write calls (the first half, then
     * the rest) around {@link #PROBE_WRITE_PARTIAL}; a write that does not complete fails the writer.
     */
    private void write(ByteBuffer[] bytes, long start) throws IOException {
        boolean complete = false;
        try {
            ByteBuffer[] firstHalf = limit(bytes, remaining(bytes) / 2);
            writeFully(firstHalf);
            for (int i = 0; i < bytes.length; i++) {
                bytes[i].position(firstHalf[i].position());
            }
            probe(PROBE_WRITE_PARTIAL);
            writeFully(bytes);
            complete = true;
        } finally {
            if (!complete) {
                failure = "incomplete write at file=" + dir.resolve(currentFile.name()) + " offset=" + start;
            }
        }
    }

    private void rotate() throws IOException {
        flush();
        RelayFileName next = RelayFileName.create(currentFile.index() + 1, options.clock());
        FileChannel nextChannel = createFile(next);
        boolean ok = false;
        try {
            probe(PROBE_ROTATE_CREATED);
            if (options.fsyncPolicy() == FsyncPolicy.COMMIT) {
                current.force(false);
                stats.fileSynced();
            }
            current.close();
            ok = true;
        } finally {
            if (!ok) {
                failure = "rotation from " + currentFile.name() + " to " + next.name() + " failed";
                try {
                    nextChannel.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
        }
        RelayLog.log(Level.INFO, "relay rotated", "dir", dir, "from", currentFile.name(), "to", next.name(), "size",
                offset);
        current = nextChannel;
        currentFile = next;
        offset = 0;
        stats.current(next.index(), 0);
    }

    /**
     * Group commit: writes the buffered records to the file. Under {@link FsyncPolicy#COMMIT} then forces the
     * current file's data, and the directory if files were created or deleted since the last sync. Under
     * {@link FsyncPolicy#OFF} forces nothing.
     */
    public synchronized void sync() throws IOException {
        ensureUsable();
        flush();
        probe(PROBE_SYNC_BEFORE);
        if (options.fsyncPolicy() == FsyncPolicy.OFF) {
            return;
        }
        current.force(false);
        stats.fileSynced();
        if (dirDirty) {
            syncDirectory(dir);
            dirDirty = false;
        }
    }

    /**
     * GC after {@code applied} (the position of a transaction applied downstream): if
     * {@code applied.suffix() > nextGcSuffix}, deletes every data file with a lower index except the newest file,
     * then sets {@code nextGcSuffix = applied.suffix()}.
     *
     * @return the number of files deleted
     */
    public synchronized int gc(RelayPosition applied) throws IOException {
        Objects.requireNonNull(applied, "applied");
        ensureOpen();
        if (applied.suffix() <= nextGcSuffix) {
            return 0;
        }
        List<RelayFileName> files = RelayFileName.list(dir);
        long newest = currentFile.index();
        for (RelayFileName f : files) {
            newest = Math.max(newest, f.index());
        }
        int deleted = 0;
        for (RelayFileName f : files) { // sorted: lowest first keeps the rest contiguous after a crash
            if (f.index() >= applied.suffix() || f.index() == newest) {
                continue;
            }
            Path p = dir.resolve(f.name());
            try {
                Files.delete(p);
            } catch (NoSuchFileException e) {
                continue;
            }
            deleted++;
            stats.fileDeleted();
            dirDirty = true;
            if (options.fsyncPolicy() == FsyncPolicy.COMMIT) {
                syncDirectory(dir);
                dirDirty = false;
            }
            RelayLog.log(Level.INFO, "relay gc deleted", "dir", dir, "file", f.name(), "applied_suffix",
                    applied.suffix());
            probe(PROBE_GC_DELETED);
        }
        nextGcSuffix = applied.suffix();
        return deleted;
    }

    /** The position just after the last record: (current file index, current size). */
    public synchronized RelayPosition position() {
        return new RelayPosition(currentFile.index(), offset);
    }

    /** Name of the file being appended to. */
    public synchronized String currentFileName() {
        return currentFile.name();
    }

    public Path directory() {
        return dir;
    }

    public RelayStats stats() {
        return stats;
    }

    /**
     * Writes the buffered records; under {@link FsyncPolicy#COMMIT} forces the current file and (if dirty) the
     * directory; then closes the file and releases the directory lock. Idempotent. After a failed write the buffer
     * is dropped: the file's tail is torn already, and reopening repairs it.
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (failure == null && current != null) {
                flush();
                if (options.fsyncPolicy() == FsyncPolicy.COMMIT) {
                    current.force(false);
                    stats.fileSynced();
                    if (dirDirty) {
                        syncDirectory(dir);
                        dirDirty = false;
                    }
                }
            }
        } finally {
            // A probe that throws in the last write must not leave the directory locked.
            closeQuietly();
        }
        RelayLog.log(Level.INFO, "relay writer closed", "dir", dir, "file",
                currentFile == null ? "-" : currentFile.name(), "offset", offset);
    }

    private void closeQuietly() {
        closed = true;
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                RelayLog.log(Level.WARNING, "relay close failed", "dir", dir, "file",
                        currentFile == null ? "-" : currentFile.name(), "cause", e);
            }
        }
        stats.current(-1, 0);
        try {
            lock.close();
        } catch (IOException e) {
            RelayLog.log(Level.WARNING, "relay unlock failed", "dir", dir, "cause", e);
        }
    }

    private FileChannel createFile(RelayFileName f) throws IOException {
        Path p = dir.resolve(f.name());
        FileChannel ch = posix()
                ? FileChannel.open(p, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE), DirectoryLock.ownerOnly())
                : FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
        dirDirty = true;
        stats.fileCreated();
        return ch;
    }

    private void syncDirectory(Path d) throws IOException {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            throw new RelayException(dir, "relay directory fsync failed dir=" + d + " cause=" + e, e);
        }
        stats.directorySynced();
    }

    private void writeFully(ByteBuffer[] bufs) throws IOException {
        while (remaining(bufs) > 0) {
            current.write(bufs);
        }
    }

    private static long remaining(ByteBuffer[] bufs) {
        long n = 0;
        for (ByteBuffer b : bufs) {
            n += b.remaining();
        }
        return n;
    }

    /** Views over the first {@code n} remaining bytes of {@code bufs} (positions of the originals untouched). */
    private static ByteBuffer[] limit(ByteBuffer[] bufs, long n) {
        ByteBuffer[] out = new ByteBuffer[bufs.length];
        long left = n;
        for (int i = 0; i < bufs.length; i++) {
            ByteBuffer d = bufs[i].duplicate();
            int take = (int) Math.min(left, d.remaining());
            d.limit(d.position() + take);
            left -= take;
            out[i] = d;
        }
        return out;
    }

    private void probe(String point) {
        options.probe().accept(point);
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new RelayException(dir, "relay writer is closed dir=" + dir);
        }
    }

    private void ensureUsable() throws IOException {
        ensureOpen();
        if (failure != null) {
            throw new RelayException(dir, "relay writer failed earlier, reopen to repair: " + failure);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
