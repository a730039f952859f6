package dev.drainer.bench;

import dev.drainer.testkit.binlog.SecondaryBinlogEncoder;
import dev.drainer.testkit.workload.BenchTables;
import dev.drainer.testkit.workload.RowChange;
import dev.drainer.testkit.workload.TableDef;
import dev.drainer.testkit.workload.Transaction;
import dev.drainer.testkit.workload.WorkloadSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Generates a bench workload into a {@link WorkloadFile}, deterministically for a seed: transactions
 * of 1 to {@value #MAX_CHANGES_PER_TXN} row changes over 1 to 3 of the {@link BenchTables}. The same
 * seed with fewer rows gives exactly the first rows of the larger workload.
 *
 * <p>The mixed workload updates and deletes live rows, changes identity keys (10% of updates), repeats
 * changes to one row inside a transaction, and moves unique emails between rows, both inside one
 * transaction and through values freed by earlier transactions: the orderings a parallel loader must keep.
 */
final class WorkloadGenerator {
    /** The share of inserts and updates among row changes (the rest are deletes). */
    enum Mix {
        INSERT_ONLY("insert", 1.0, 0.0),
        MIXED("mixed", 0.45, 0.40);

        final String label;
        final double insert;
        final double update;

        Mix(String label, double insert, double update) {
            this.label = label;
            this.insert = insert;
            this.update = update;
        }
    }

    static final int MAX_CHANGES_PER_TXN = 16;
    private static final int FREED_SLOTS = 64;

    private final Mix mix;
    private final SplittableRandom rnd;
    private final RowFactory rows;
    private final TableTotals totals = new TableTotals();
    /** Null for the insert-only workload: nothing is updated, so nothing needs remembering. */
    private final LiveRows[] live;
    private final long[] nextKey = new long[BenchTables.COUNT];
    private final ArrayDeque<Long> freedSlots = new ArrayDeque<>();
    private final List<RowChange> changes = new ArrayList<>();
    private long nextSlot;

    private WorkloadGenerator(Mix mix, long seed, List<TableDef> defs) {
        this.mix = mix;
        this.rnd = new SplittableRandom(RowFactory.mix(seed) + mix.ordinal());
        this.rows = new RowFactory(seed, defs);
        this.live = mix == Mix.INSERT_ONLY ? null : new LiveRows[BenchTables.COUNT];
        if (live != null) {
            Arrays.setAll(live, i -> new LiveRows());
        }
    }

    /** Writes {@code rowChanges} row changes of {@code mix} over tables {@code defs} to {@code file}. */
    static BenchWorkload generate(Mix mix, long seed, long rowChanges, List<TableDef> defs, Path file)
            throws IOException {
        return new WorkloadGenerator(mix, seed, defs).run(rowChanges, file);
    }

    /**
     * The same workload as {@link #generate}, as transactions made when asked for: for a consumer that
     * encodes them itself (the simulated upstream). At most {@code maxRows} row changes.
     */
    static Transactions transactions(Mix mix, long seed, long maxRows, List<TableDef> defs) {
        return new WorkloadGenerator(mix, seed, defs).new Transactions(maxRows);
    }

    /** Commit ts of transaction {@code txn} (0-based) of every workload. */
    static long commitTs(long txn) {
        // One TSO millisecond per transaction, logical part 0.
        return WorkloadSpec.DEFAULT_FIRST_COMMIT_TS + (txn << 18);
    }

    /** The workload's transactions in commit order, generated on {@link #next}; what was generated is in {@link #workload}. */
    final class Transactions implements Iterator<Transaction> {
        private final long wanted;
        private long done;
        private long txns;

        private Transactions(long wanted) {
            this.wanted = wanted;
        }

        @Override
        public boolean hasNext() {
            return done < wanted;
        }

        @Override
        public Transaction next() {
            if (!hasNext()) {
                throw new NoSuchElementException("the workload has its " + wanted + " row changes");
            }
            transaction((int) Math.min(1 + rnd.nextInt(MAX_CHANGES_PER_TXN), wanted - done));
            done += changes.size();
            return Transaction.dml(commitTs(txns++), changes);
        }

        /** Row changes generated so far. */
        long rows() {
            return done;
        }

        /** What the transactions generated so far add up to (they were written to {@code file}, or null). */
        BenchWorkload workload(Path file, long payloadBytes) {
            return new BenchWorkload(mix.label, file, done, txns, payloadBytes, commitTs(0), commitTs(txns - 1), rows,
                    totals, live == null ? null : List.of(live));
        }
    }

    private BenchWorkload run(long wanted, Path file) throws IOException {
        Transactions t = new Transactions(wanted);
        try (WorkloadFile.Writer out = new WorkloadFile.Writer(file)) {
            while (t.hasNext()) {
                out.append(SecondaryBinlogEncoder.encode(t.next()));
            }
            return t.workload(file, out.payloadBytes());
        }
    }

    private void transaction(int want) {
        changes.clear();
        int[] tables = rnd.ints(0, BenchTables.COUNT).distinct().limit(1 + rnd.nextInt(3)).toArray();
        int followTable = -1;
        long followKey = 0;
        while (changes.size() < want) {
            if (followTable >= 0 && rnd.nextInt(10) < 3) {
                // Several changes to one row in one transaction: insert-then-update, update-then-delete.
                // The followed row is the one the previous change left alive, so it is always found.
                int i = live[followTable].indexOf(followKey);
                if (rnd.nextInt(5) < 3) {
                    followKey = update(followTable, i);
                } else {
                    delete(followTable, i);
                    followTable = -1;
                }
                continue;
            }
            int t = tables[rnd.nextInt(tables.length)];
            if (t == BenchTables.ACCOUNTS && live != null && live[t].size() >= 2 && want - changes.size() >= 2
                    && rnd.nextInt(8) == 0 && moveEmail()) {
                followTable = -1;
                continue;
            }
            double r = rnd.nextDouble();
            int n = live == null ? 0 : live[t].size();
            if (n == 0 || r < mix.insert) {
                followKey = insert(t);
                followTable = live == null ? -1 : t;
            } else if (r < mix.insert + mix.update) {
                followKey = update(t, rnd.nextInt(n));
                followTable = t;
            } else {
                delete(t, rnd.nextInt(n));
                followTable = -1;
            }
        }
    }

    private long insert(int t) {
        long key = ++nextKey[t];
        long slot = t == BenchTables.ACCOUNTS ? newSlot() : RowFactory.NO_EMAIL;
        List<Object> row = rows.row(t, key, 0, slot);
        if (live != null) {
            live[t].add(key, 0, slot);
        }
        totals.add(t, RowChecksum.of(rows.def(t), row));
        changes.add(RowChange.insert(rows.def(t), row));
        return key;
    }

    /** Updates row {@code i} of {@code t} (new version; sometimes a new identity key or email); returns its key. */
    private long update(int t, int i) {
        LiveRows l = live[t];
        long key = l.key(i);
        long slot = l.slot(i);
        long newKey = rnd.nextInt(10) == 0 ? ++nextKey[t] : key;
        long newSlot = slot;
        if (t == BenchTables.ACCOUNTS && rnd.nextInt(10) < 3) {
            newSlot = newSlot();
            free(slot);
        }
        List<Object> old = rows.row(t, key, l.version(i), slot);
        int version = l.version(i) + 1;
        if (newKey != key) {
            l.remove(i);
            l.add(newKey, version, newSlot);
        } else {
            l.set(i, version, newSlot);
        }
        changed(t, old, rows.row(t, newKey, version, newSlot));
        return newKey;
    }

    private void delete(int t, int i) {
        LiveRows l = live[t];
        List<Object> old = rows.row(t, l.key(i), l.version(i), l.slot(i));
        free(l.slot(i));
        l.remove(i);
        totals.remove(t, RowChecksum.of(rows.def(t), old));
        changes.add(RowChange.delete(rows.def(t), old));
    }

    /** Row A gives its email up, row B takes it, in this order and in one transaction; false if A has none. */
    private boolean moveEmail() {
        LiveRows l = live[BenchTables.ACCOUNTS];
        int a = rnd.nextInt(l.size());
        int b = rnd.nextInt(l.size());
        long moving = l.slot(a);
        if (a == b || moving == RowFactory.NO_EMAIL) {
            return false;
        }
        setSlot(a, rnd.nextBoolean() ? RowFactory.NO_EMAIL : nextSlot++);
        long freed = l.slot(b);
        setSlot(b, moving);
        free(freed);
        return true;
    }

    private void setSlot(int i, long slot) {
        LiveRows l = live[BenchTables.ACCOUNTS];
        List<Object> old = rows.row(BenchTables.ACCOUNTS, l.key(i), l.version(i), l.slot(i));
        l.set(i, l.version(i), slot);
        changed(BenchTables.ACCOUNTS, old, rows.row(BenchTables.ACCOUNTS, l.key(i), l.version(i), slot));
    }

    private void changed(int t, List<Object> old, List<Object> now) {
        totals.remove(t, RowChecksum.of(rows.def(t), old));
        totals.add(t, RowChecksum.of(rows.def(t), now));
        changes.add(RowChange.update(rows.def(t), old, now));
    }

    /** NULL one time in ten; else often an email another row gave up recently (it moves), else a fresh one. */
    private long newSlot() {
        int r = rnd.nextInt(10);
        if (r == 0) {
            return RowFactory.NO_EMAIL;
        }
        if (r < 4 && !freedSlots.isEmpty()) {
            return freedSlots.pollLast();
        }
        return nextSlot++;
    }

    private void free(long slot) {
        if (slot == RowFactory.NO_EMAIL) {
            return;
        }
        freedSlots.addLast(slot);
        if (freedSlots.size() > FREED_SLOTS) {
            freedSlots.pollFirst();
        }
    }
}
