package dev.drainer.runtime.merge;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.ToLongFunction;

/**
 * The Go drainer's blocking k-way merge by commit ts (spec §1.5, strategy heap). Each source holds
 * at most one pending item, and its producer blocks until the merge has taken it (the Go puller's
 * unbuffered channel). The merge emits the pending item with the smallest commit ts only once every
 * source has one, so a silent source stalls everything (pumps send fake binlogs to avoid that). An
 * item whose commit ts is below the last emitted one is dropped as out of order, one equal to it as
 * a duplicate. Sources come and go at any time; a failed source ends the merge with its error.
 *
 * <p>Consumed through {@link #next()} or as an {@link Iterator} (the shape {@code Pipeline} reads):
 * {@code hasNext} blocks for the next item, returns false once the merge is {@link #close closed},
 * and throws {@link SourceFailedException} once a source has failed.
 *
 * @param <T> the item type
 */
public final class Merger<T> implements Iterator<T> {
    private static final System.Logger LOG = System.getLogger(Merger.class.getName());

    /** The producer side of one source. */
    public final class Source {
        private final String id;
        private T pending;
        private boolean removed;

        private Source(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /**
         * Hands {@code item} to the merge, waiting while this source's previous item is still pending.
         *
         * @throws SourceRemovedException when the source is removed or the merge closed meanwhile
         */
        public void put(T item) throws InterruptedException, SourceRemovedException {
            synchronized (lock) {
                while (pending != null && !removed && !closed) {
                    lock.wait();
                }
                if (removed || closed) {
                    throw new SourceRemovedException(id);
                }
                pending = item;
                lock.notifyAll();
            }
        }

        /** Ends the merge with {@code failure}: the consumer gets it instead of any further item. */
        public void fail(SourceFailedException failure) {
            synchronized (lock) {
                if (Merger.this.failure == null) {
                    Merger.this.failure = failure;
                }
                lock.notifyAll();
            }
        }
    }

    private final Object lock = new Object();
    private final ToLongFunction<T> commitTs;
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private long latestTs;
    private boolean paused;
    private boolean closed;
    private SourceFailedException failure;
    private T next;
    private long dropped;

    /**
     * @param commitTs the merge key of an item
     * @param latestTs the commit ts already applied (the checkpoint): nothing at or below it is emitted
     */
    public Merger(ToLongFunction<T> commitTs, long latestTs) {
        this.commitTs = commitTs;
        this.latestTs = latestTs;
    }

    /** Adds a source; its producer writes through the returned handle. A source id may be used once at a time. */
    public Source addSource(String id) {
        synchronized (lock) {
            if (sources.containsKey(id)) {
                throw new IllegalArgumentException("merge source " + id + " is already added");
            }
            Source s = new Source(id);
            sources.put(id, s);
            lock.notifyAll();
            return s;
        }
    }

    /** Removes a source, dropping its pending item; its producer's next {@code put} fails. No-op if absent. */
    public void removeSource(String id) {
        synchronized (lock) {
            Source s = sources.remove(id);
            if (s != null) {
                s.removed = true;
                s.pending = null;
                lock.notifyAll();
            }
        }
    }

    /** Holds emission, so several sources can be added before merging starts (the collector's first round). */
    public void pause() {
        synchronized (lock) {
            paused = true;
        }
    }

    public void resume() {
        synchronized (lock) {
            paused = false;
            lock.notifyAll();
        }
    }

    /** The commit ts of the last emitted item (or the start ts): where a new source starts pulling. */
    public long latestTs() {
        synchronized (lock) {
            return latestTs;
        }
    }

    /** Items dropped so far as duplicates or out of order. */
    public long dropped() {
        synchronized (lock) {
            return dropped;
        }
    }

    /** Ends the merge: the consumer's {@code hasNext} answers false, producers' {@code put} fails. */
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }

    /**
     * Blocks until the next item, the end of the merge, or a failure.
     *
     * @throws SourceFailedException a source failed
     * @throws IllegalStateException the waiting thread was interrupted (the interrupt flag is kept)
     */
    @Override
    public boolean hasNext() {
        synchronized (lock) {
            try {
                while (next == null && !closed) {
                    if (failure != null) {
                        throw failure;
                    }
                    next = takeOne();
                    if (next == null) {
                        lock.wait();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for the next merged binlog", e);
            }
            if (failure != null) {
                throw failure;
            }
            return next != null;
        }
    }

    @Override
    public T next() {
        synchronized (lock) {
            if (!hasNext()) {
                throw new NoSuchElementException("the merge is closed");
            }
            T out = next;
            next = null;
            return out;
        }
    }

    /** The item to emit if every source has one pending; null when the merge must wait. Caller holds the lock. */
    private T takeOne() {
        while (!paused && !sources.isEmpty()) {
            Source min = null;
            for (Source s : sources.values()) {
                if (s.pending == null) {
                    return null;
                }
                if (min == null || commitTs.applyAsLong(s.pending) < commitTs.applyAsLong(min.pending)) {
                    min = s;
                }
            }
            T item = min.pending;
            min.pending = null;
            lock.notifyAll();
            long ts = commitTs.applyAsLong(item);
            if (ts > latestTs) {
                latestTs = ts;
                return item;
            }
            dropped++;
            LOG.log(System.Logger.Level.WARNING, ts < latestTs
                    ? "merge dropped a binlog whose commit ts is less than the last ts source={0} commitTS={1} lastTS={2}"
                    : "merge dropped a duplicate binlog source={0} commitTS={1} lastTS={2}", min.id, ts, latestTs);
        }
        return null;
    }
}
