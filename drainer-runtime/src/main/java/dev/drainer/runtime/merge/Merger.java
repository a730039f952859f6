package dev.drainer.runtime.merge;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;

/**
 * The Go drainer's blocking k-way merge by commit ts (spec §1.5, strategy heap). The merge emits the
 * first pending item of the source whose first item has the smallest commit ts only once every source
 * has one, so a silent source stalls everything (pumps send fake binlogs to avoid that). An item whose
 * commit ts is below the last emitted one is dropped as out of order, one equal to it as a duplicate.
 * Sources come and go at any time; a failed source ends the merge with its error.
 *
 * <p>Unlike the Go puller's unbuffered channel, each source may hold a few items ahead of the merge
 * (bounded by count and bytes, always at least one) and its producer blocks only when they are full.
 * The items come out in the same order either way; what the buffer saves is a hand-over between threads
 * per item: with one slot, every item woke its producer and the merge in turn, which were most of the
 * drainer's context switches (docs/benchmark.md, upstream).
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
        private final ArrayDeque<T> items = new ArrayDeque<>();
        private final Condition space = lock.newCondition();
        private long bytes;
        private boolean producerWaiting;
        private boolean removed;

        private Source(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        /**
         * Hands {@code item} to the merge, waiting while this source holds as many items or bytes as it may.
         *
         * @throws SourceRemovedException when the source is removed or the merge closed meanwhile
         */
        public void put(T item) throws InterruptedException, SourceRemovedException {
            long w = weight.applyAsLong(item);
            lock.lock();
            try {
                while (!fits(w) && !removed && !closed) {
                    producerWaiting = true;
                    try {
                        space.await();
                    } finally {
                        producerWaiting = false;
                    }
                }
                if (removed || closed) {
                    throw new SourceRemovedException(id);
                }
                items.addLast(item);
                bytes += w;
                // Only a source that was empty can have kept the merge waiting.
                if (items.size() == 1) {
                    ready.signal();
                }
            } finally {
                lock.unlock();
            }
        }

        /** Ends the merge with {@code failure}: the consumer gets it instead of any further item. */
        public void fail(SourceFailedException failure) {
            lock.lock();
            try {
                if (Merger.this.failure == null) {
                    Merger.this.failure = failure;
                }
                ready.signalAll();
            } finally {
                lock.unlock();
            }
        }

        private boolean fits(long w) {
            return items.isEmpty() || items.size() < maxItems && bytes + w <= maxBytes;
        }

        private T take() {
            T item = items.pollFirst();
            bytes -= weight.applyAsLong(item);
            // Wake the producer once there is room for a run of items, not for each one taken.
            if (producerWaiting && (items.isEmpty() || items.size() <= maxItems / 2 && bytes <= maxBytes / 2)) {
                space.signal();
            }
            return item;
        }

        private void drop() {
            removed = true;
            items.clear();
            bytes = 0;
            space.signalAll();
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** The consumer waits here for an item, a change of sources, the end or a failure. */
    private final Condition ready = lock.newCondition();
    private final ToLongFunction<T> commitTs;
    private final ToLongFunction<T> weight;
    private final int maxItems;
    private final long maxBytes;
    private final Map<String, Source> sources = new LinkedHashMap<>();
    private long latestTs;
    private boolean paused;
    private boolean closed;
    private SourceFailedException failure;
    private T next;
    private long dropped;

    /**
     * @param commitTs the merge key of an item
     * @param weight   an item's size in bytes, for {@code maxBytes}
     * @param latestTs the commit ts already applied (the checkpoint): nothing at or below it is emitted
     * @param maxItems the most items a source holds ahead of the merge (at least 1; 1 is the Go channel's hand-over)
     * @param maxBytes the most bytes a source holds ahead of the merge; a larger item is still taken alone
     */
    public Merger(ToLongFunction<T> commitTs, ToLongFunction<T> weight, long latestTs, int maxItems, long maxBytes) {
        if (maxItems < 1) {
            throw new IllegalArgumentException("a merge source must hold at least one item, not " + maxItems);
        }
        this.commitTs = commitTs;
        this.weight = weight;
        this.latestTs = latestTs;
        this.maxItems = maxItems;
        this.maxBytes = maxBytes;
    }

    /** Adds a source; its producer writes through the returned handle. A source id may be used once at a time. */
    public Source addSource(String id) {
        lock.lock();
        try {
            if (sources.containsKey(id)) {
                throw new IllegalArgumentException("merge source " + id + " is already added");
            }
            Source s = new Source(id);
            sources.put(id, s);
            ready.signalAll();
            return s;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a source, dropping the items it holds; its producer's next {@code put} fails. No-op if absent. */
    public void removeSource(String id) {
        lock.lock();
        try {
            Source s = sources.remove(id);
            if (s != null) {
                s.drop();
                ready.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Holds emission, so several sources can be added before merging starts (the collector's first round). */
    public void pause() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    public void resume() {
        lock.lock();
        try {
            paused = false;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The commit ts of the last emitted item (or the start ts): where a new source starts pulling. */
    public long latestTs() {
        lock.lock();
        try {
            return latestTs;
        } finally {
            lock.unlock();
        }
    }

    /** Items dropped so far as duplicates or out of order. */
    public long dropped() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the merge: the consumer's {@code hasNext} answers false, producers' {@code put} fails. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            ready.signalAll();
            for (Source s : sources.values()) {
                s.space.signalAll();
            }
        } finally {
            lock.unlock();
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
        lock.lock();
        try {
            while (next == null && !closed) {
                if (failure != null) {
                    throw failure;
                }
                next = takeOne();
                if (next == null) {
                    ready.await();
                }
            }
            if (failure != null) {
                throw failure;
            }
            return next != null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the next merged binlog", e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public T next() {
        lock.lock();
        try {
            if (!hasNext()) {
                throw new NoSuchElementException("the merge is closed");
            }
            T out = next;
            next = null;
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** The item to emit if every source has one pending; null when the merge must wait. Caller holds the lock. */
    private T takeOne() {
        while (!paused && !sources.isEmpty()) {
            Source min = null;
            long minTs = 0;
            for (Source s : sources.values()) {
                T head = s.items.peekFirst();
                if (head == null) {
                    return null;
                }
                long ts = commitTs.applyAsLong(head);
                if (min == null || ts < minTs) {
                    min = s;
                    minTs = ts;
                }
            }
            T item = min.take();
            if (minTs > latestTs) {
                latestTs = minTs;
                return item;
            }
            dropped++;
            LOG.log(System.Logger.Level.WARNING, minTs < latestTs
                    ? "merge dropped a binlog whose commit ts is less than the last ts source={0} commitTS={1} lastTS={2}"
                    : "merge dropped a duplicate binlog source={0} commitTS={1} lastTS={2}", min.id, minTs, latestTs);
        }
        return null;
    }
}
