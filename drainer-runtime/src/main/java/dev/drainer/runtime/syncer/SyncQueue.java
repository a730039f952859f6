package dev.drainer.runtime.syncer;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-over from a transaction source to the {@link Syncer}, bounded by row changes rather than by
 * items: a source that parses ahead holds at most one loader batch of rows, whatever the transactions'
 * sizes. Counted in items, a queue sized for the batch held eight times as many rows for the bench's
 * transactions (about eight rows each), and the garbage collector copied all of them on every young
 * collection (docs/benchmark.md).
 */
public final class SyncQueue {
    private final ArrayDeque<SyncItem> items = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when an item is queued, and when the work a {@link #pollWhile} waits on completes. */
    private final Condition changed = lock.newCondition();
    private final Semaphore rows;
    private final int rowLimit;
    /** The work whose completion already signals {@link #changed}; only the consumer touches it. */
    private CompletableFuture<?> watched;

    /** @param rowLimit the most row changes waiting at once (the loader's batch limit); at least 1 */
    public SyncQueue(int rowLimit) {
        if (rowLimit < 1) {
            throw new IllegalArgumentException("rowLimit must be at least 1, got " + rowLimit);
        }
        this.rowLimit = rowLimit;
        this.rows = new Semaphore(rowLimit);
    }

    /** Waits until the rows of {@code item} fit, then queues it; a transaction above the limit waits for an empty queue. */
    public void put(SyncItem item) throws InterruptedException {
        rows.acquire(weight(item));
        lock.lock();
        try {
            items.add(item);
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Items waiting (queue_size{name="syncer_input"}). */
    public int size() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    /** The next item, waiting for one. */
    public SyncItem take() throws InterruptedException {
        lock.lock();
        try {
            while (items.isEmpty()) {
                changed.await();
            }
            return released(items.poll());
        } finally {
            lock.unlock();
        }
    }

    /** The next item, or null when none is waiting. */
    public SyncItem poll() {
        lock.lock();
        try {
            SyncItem item = items.poll();
            return item == null ? null : released(item);
        } finally {
            lock.unlock();
        }
    }

    /** The next item, waiting at most {@code timeout}; null if none came. */
    public SyncItem poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (items.isEmpty() && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            SyncItem item = items.poll();
            return item == null ? null : released(item);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next item, waiting for one while {@code running} is not done; null once it is done and none is waiting.
     * Its completion wakes the wait, so nothing polls. For one consumer thread.
     */
    public SyncItem pollWhile(CompletableFuture<?> running) throws InterruptedException {
        if (watched != running && !running.isDone()) {
            watched = running;
            running.whenComplete((r, e) -> wake());
        }
        lock.lock();
        try {
            // isDone is read under the lock and wake() signals under it: a completion cannot slip between them.
            while (items.isEmpty() && !running.isDone()) {
                changed.await();
            }
            SyncItem item = items.poll();
            return item == null ? null : released(item);
        } finally {
            lock.unlock();
        }
    }

    private void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private SyncItem released(SyncItem item) {
        rows.release(weight(item));
        return item;
    }

    private int weight(SyncItem item) {
        return Math.min(rowLimit, rows(item));
    }

    /** The row changes {@code item} brings to a batch: its mutations, at least 1 (a DDL, an advance-only item). */
    static int rows(SyncItem item) {
        return item instanceof SyncItem.Apply a ? a.rows() : 1;
    }
}
