package dev.drainer.relay;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads every record of a relay directory in order (Go {@code binlogger.ReadAll}/{@code Walk} rules), holding the
 * directory lock until {@link #close()}.
 *
 * <p>Files are walked from the lowest index, each from offset 0. Per file:
 * <ul>
 *   <li>clean end of file → next file;</li>
 *   <li>a partial record (short header, payload or CRC; also a length field beyond the end of the file, which is
 *       never allocated) in the <em>last</em> file → end of data (torn tail tolerated, WARNING logged); in any other
 *       file → {@link RelayCorruptException} ({@code PARTIAL_RECORD}) naming the file and offset;</li>
 *   <li>magic mismatch → scan byte-wise from the last good end offset + 1 for the next magic and continue there
 *       (none → end of this file); each resync increments {@link #corruptionCount()} and
 *       {@link RelayStats#corruptionCount()} (Go metric {@code binlog_binlogfile_corruption_binlog_count});</li>
 *   <li>CRC mismatch → fatal {@link RelayCorruptException} ({@code CRC_MISMATCH}) naming the file and the record's
 *       start offset; no resynchronisation. Once thrown, the same exception is thrown again on every call.</li>
 * </ul>
 * Unlike the Go drainer, opening an empty directory does not create a data file; it reads as zero records.
 * A missing directory is a {@link RelayException}. The reader does not parse payloads.
 *
 * <p>Not thread-safe. Iteration via {@link #iterator()} / {@link #stream()} wraps I/O errors in
 * {@link UncheckedIOException} (whose cause is the {@link RelayException}).
 */
public final class RelayReader implements Closeable, Iterable<RelayRecord> {

    private final Path dir;
    private final RelayStats stats;
    private final DirectoryLock lock;
    private final List<RelayFileName> files;

    private int fileIdx;
    private FileChannel channel;
    private RecordScanner scanner;
    private long pos;
    private long corruptions;
    private IOException fatal;
    private boolean closed;

    private RelayReader(Path dir, RelayStats stats, DirectoryLock lock, List<RelayFileName> files) {
        this.dir = dir;
        this.stats = stats;
        this.lock = lock;
        this.files = files;
    }

    /** Opens {@code dir} for reading; takes the directory lock with {@link RelayOptions#lockTimeout()}. */
    public static RelayReader open(Path dir, RelayOptions options) throws IOException {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(options, "options");
        if (!Files.isDirectory(dir)) {
            if (Files.notExists(dir)) {
                throw new RelayException(dir, "relay directory does not exist dir=" + dir.toAbsolutePath(),
                        new NoSuchFileException(dir.toString()));
            }
            throw new RelayException(dir, "relay directory path is not a directory dir=" + dir.toAbsolutePath());
        }
        DirectoryLock lock = DirectoryLock.acquire(dir, options.lockTimeout(), options.clock(), "reader");
        try {
            List<RelayFileName> files = RelayFileName.list(dir);
            RelayFileName.checkContiguous(dir, files);
            RelayLog.log(Level.INFO, "relay reader opened", "dir", dir, "files", files.size(), "first",
                    files.isEmpty() ? "-" : files.get(0).name(), "last",
                    files.isEmpty() ? "-" : files.get(files.size() - 1).name());
            return new RelayReader(dir, options.stats(), lock, List.copyOf(files));
        } catch (IOException | RuntimeException e) {
            try {
                lock.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The next record, or {@code null} after the last one. */
    public RelayRecord readNext() throws IOException {
        if (closed) {
            throw new RelayException(dir, "relay reader is closed dir=" + dir);
        }
        if (fatal != null) {
            throw fatal;
        }
        try {
            return advance();
        } catch (IOException e) {
            fatal = e;
            closeChannel();
            throw e;
        }
    }

    private RelayRecord advance() throws IOException {
        while (true) {
            if (scanner == null) {
                if (fileIdx >= files.size()) {
                    return null;
                }
                Path path = dir.resolve(files.get(fileIdx).name());
                channel = FileChannel.open(path, StandardOpenOption.READ);
                scanner = new RecordScanner(channel, path, channel.size());
                pos = 0;
            }
            RelayFileName file = files.get(fileIdx);
            boolean last = fileIdx == files.size() - 1;
            RecordScanner.Result r = scanner.at(pos);
            switch (r.status()) {
                case RECORD -> {
                    pos = r.end();
                    stats.recordRead();
                    return new RelayRecord(new RelayPosition(file.index(), r.end()), file.name(), r.offset(),
                            r.payload());
                }
                case EOF -> nextFile();
                case PARTIAL -> {
                    if (!last) {
                        throw new RelayCorruptException(RelayCorruptException.Kind.PARTIAL_RECORD, scanner.file(),
                                pos, "in a file that is not the newest: " + r.detail());
                    }
                    RelayLog.log(Level.WARNING, "relay reader stopped at torn tail", "file", scanner.file(),
                            "offset", pos, "ignored_bytes", scanner.size() - pos, "reason", r.detail());
                    nextFile();
                }
                case BAD_MAGIC -> {
                    corruptions++;
                    stats.corruption();
                    long next = scanner.findMagic(pos + 1);
                    RelayLog.log(Level.WARNING, "relay reader skipped corrupt region", "file", scanner.file(),
                            "offset", pos, "resume_offset", next < 0 ? "eof" : next, "skipped_bytes",
                            (next < 0 ? scanner.size() : next) - pos, "reason", r.detail());
                    if (next < 0) {
                        nextFile();
                    } else {
                        pos = next;
                    }
                }
                case CRC_MISMATCH -> throw new RelayCorruptException(RelayCorruptException.Kind.CRC_MISMATCH,
                        scanner.file(), pos, r.detail());
                default -> throw new IllegalStateException(r.status().toString());
            }
        }
    }

    private void nextFile() throws IOException {
        FileChannel ch = channel;
        channel = null;
        scanner = null;
        fileIdx++;
        if (ch != null) {
            ch.close();
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // reporting the original error
            }
            channel = null;
            scanner = null;
        }
    }

    /** Magic resynchronisations so far by this reader (Go's {@code binlog_binlogfile_corruption_binlog_count}). */
    public long corruptionCount() {
        return corruptions;
    }

    /** The data files found at open, lowest index first. */
    public List<String> fileNames() {
        return files.stream().map(RelayFileName::name).toList();
    }

    public Path directory() {
        return dir;
    }

    /** Iterates the remaining records; I/O errors surface as {@link UncheckedIOException}. */
    @Override
    public Iterator<RelayRecord> iterator() {
        return new Iterator<>() {
            private RelayRecord next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    try {
                        next = readNext();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    done = next == null;
                }
                return next != null;
            }

            @Override
            public RelayRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                RelayRecord r = next;
                next = null;
                return r;
            }
        };
    }

    /** The remaining records as a sequential stream; I/O errors surface as {@link UncheckedIOException}. */
    public Stream<RelayRecord> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Closes the open file and releases the directory lock. Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        closeChannel();
        lock.close();
    }
}
