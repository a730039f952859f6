package dev.drainer.sim;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * A simulated pump's storage: payloads by commit ts, in commit-ts order as a pump's sorted storage
 * serves them, plus one-off messages pushed at the streams open right now (what a buggy pump might
 * send: duplicates, stale commit ts). Readers wait on it for more. Payloads live in memory, or in an
 * append-only file when one is given, so a backlog of gigabytes costs the JVM only its index.
 */
final class PumpLog implements AutoCloseable {
    /** One message of a PullBinlogs stream. */
    record Entry(long startTs, long commitTs, ByteString payload) {
    }

    /** Where a stored payload is: in memory ({@code inMemory}), or {@code length} bytes at {@code offset} of the file. */
    private record Stored(long startTs, long commitTs, ByteString inMemory, long offset, int length) {
    }

    /** The read position of one open stream. */
    final class Cursor {
        private long lastSent;
        private final Queue<Entry> injected = new ArrayDeque<>();

        private Cursor(long from) {
            this.lastSent = from;
        }

        /** The next message for this stream; waits for one while {@code open} holds, null after. */
        Entry next(BooleanSupplier open) throws InterruptedException {
            synchronized (PumpLog.this) {
                while (open.getAsBoolean()) {
                    Entry e = injected.poll();
                    if (e != null) {
                        return e;
                    }
                    Map.Entry<Long, Stored> stored = entries.higherEntry(lastSent);
                    if (stored != null) {
                        lastSent = stored.getKey();
                        return load(stored.getValue());
                    }
                    PumpLog.this.wait(100);
                }
                return null;
            }
        }
    }

    private final NavigableMap<Long, Stored> entries = new TreeMap<>();
    private final Set<Cursor> cursors = ConcurrentHashMap.newKeySet();
    /** Null: payloads in memory. */
    private final FileChannel file;
    private long fileSize;
    private long lastAppendMillis = System.currentTimeMillis();

    /** Payloads in memory. */
    PumpLog() {
        this.file = null;
    }

    /** Payloads appended to {@code path} (created, or truncated), only their positions in memory. */
    PumpLog(Path path) throws IOException {
        this.file = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    synchronized void append(Entry e) {
        entries.put(e.commitTs(), store(e));
        lastAppendMillis = System.currentTimeMillis();
        notifyAll();
    }

    private Stored store(Entry e) {
        if (file == null) {
            return new Stored(e.startTs(), e.commitTs(), e.payload(), 0, 0);
        }
        long offset = fileSize;
        try {
            ByteBuffer b = e.payload().asReadOnlyByteBuffer();
            while (b.hasRemaining()) {
                fileSize += file.write(b, fileSize);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("simulated pump log: cannot append commit ts " + e.commitTs(), ex);
        }
        return new Stored(e.startTs(), e.commitTs(), null, offset, e.payload().size());
    }

    private Entry load(Stored s) {
        if (s.inMemory() != null) {
            return new Entry(s.startTs(), s.commitTs(), s.inMemory());
        }
        ByteBuffer b = ByteBuffer.allocate(s.length());
        try {
            while (b.hasRemaining()) {
                if (file.read(b, s.offset() + b.position()) < 0) {
                    throw new IOException("file ends before offset " + (s.offset() + s.length()));
                }
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("simulated pump log: cannot read commit ts " + s.commitTs(), ex);
        }
        return new Entry(s.startTs(), s.commitTs(), ByteString.copyFrom(b.flip()));
    }

    /** Pushes {@code e} to every stream open now, outside the commit-ts order; not stored. */
    synchronized void inject(Entry e) {
        cursors.forEach(c -> c.injected.add(e));
        notifyAll();
    }

    synchronized long lastAppendMillis() {
        return lastAppendMillis;
    }

    /** The largest commit ts stored, or 0. */
    synchronized long maxCommitTs() {
        return entries.isEmpty() ? 0 : entries.lastKey();
    }

    /** The last entry stored, if any. */
    synchronized Entry last() {
        return entries.isEmpty() ? null : load(entries.lastEntry().getValue());
    }

    synchronized List<Long> commitTsList() {
        return new ArrayList<>(entries.keySet());
    }

    /** A stream from above {@code offset}; {@link #close(Cursor)} it when the stream ends. */
    Cursor open(long offset) {
        Cursor c = new Cursor(offset);
        cursors.add(c);
        return c;
    }

    synchronized void close(Cursor c) {
        cursors.remove(c);
        notifyAll();
    }

    /** Wakes waiting readers so they re-check whether their stream is still open. */
    synchronized void wake() {
        notifyAll();
    }

    @Override
    public synchronized void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // Nothing is lost: the log is a test fixture's, gone with the test.
            }
        }
    }
}
