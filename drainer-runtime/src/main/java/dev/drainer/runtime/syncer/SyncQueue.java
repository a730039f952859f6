package dev.drainer.runtime.syncer;

import dev.drainer.proto.secondary.SecondaryBinlog;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The hand-over from a transaction source to the {@link Syncer}, bounded by row changes rather than by
 * items: a source that parses ahead holds at most one loader batch of rows, whatever the transactions'
 * sizes. Counted in items, a queue sized for the batch held eight times as many rows for the bench's
 * transactions (about eight rows each), and the garbage collector copied all of them on every young
 * collection (docs/benchmark.md).
 */
public final class SyncQueue {
    private final LinkedBlockingQueue<SyncItem> items = new LinkedBlockingQueue<>();
    private final Semaphore rows;
    private final int rowLimit;

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
        items.add(item);
    }

    /** Items waiting (queue_size{name="syncer_input"}). */
    public int size() {
        return items.size();
    }

    /** The next item, waiting for one. */
    public SyncItem take() throws InterruptedException {
        return released(items.take());
    }

    /** The next item, or null when none is waiting. */
    public SyncItem poll() {
        SyncItem item = items.poll();
        return item == null ? null : released(item);
    }

    /** The next item, waiting at most {@code timeout}; null if none came. */
    public SyncItem poll(long timeout, TimeUnit unit) throws InterruptedException {
        SyncItem item = items.poll(timeout, unit);
        return item == null ? null : released(item);
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
        if (item instanceof SyncItem.Apply a) {
            int n = 0;
            for (SecondaryBinlog.Table t : a.binlog().getDmlData().getTablesList()) {
                n += t.getMutationsCount();
            }
            return Math.max(1, n);
        }
        return 1;
    }
}
