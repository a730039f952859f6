package dev.drainer.sim;

import com.google.protobuf.ByteString;
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
 * send: duplicates, stale commit ts). Readers wait on it for more.
 */
final class PumpLog {
    /** One message of a PullBinlogs stream. */
    record Entry(long startTs, long commitTs, ByteString payload) {
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
                    Map.Entry<Long, Entry> stored = entries.higherEntry(lastSent);
                    if (stored != null) {
                        lastSent = stored.getKey();
                        return stored.getValue();
                    }
                    PumpLog.this.wait(100);
                }
                return null;
            }
        }
    }

    private final NavigableMap<Long, Entry> entries = new TreeMap<>();
    private final Set<Cursor> cursors = ConcurrentHashMap.newKeySet();
    private long lastAppendMillis = System.currentTimeMillis();

    synchronized void append(Entry e) {
        entries.put(e.commitTs(), e);
        lastAppendMillis = System.currentTimeMillis();
        notifyAll();
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
        return entries.isEmpty() ? null : entries.lastEntry().getValue();
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
}
