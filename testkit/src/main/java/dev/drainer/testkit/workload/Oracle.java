package dev.drainer.testkit.workload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Expected states of a workload, computed only from the model: the full contents at any commit ts,
 * and a content hash per snapshot so a downstream state can be matched against hundreds of snapshots
 * in one hash lookup.
 */
public final class Oracle {
    /** The pseudo snapshot before the first transaction (no tables): what {@link #matchingSnapshots} reports for it. */
    public static final long BEFORE_FIRST = 0L;

    /** The hash of a database without tables. */
    private static final long EMPTY_HASH = 0L;

    private final Workload workload;
    private final long[] ts;
    private final long[] hashes;
    private final Map<Long, List<Long>> tsByHash = new HashMap<>();

    Oracle(Workload workload) {
        this.workload = workload;
        List<Transaction> txns = workload.transactions();
        ts = new long[txns.size()];
        hashes = new long[txns.size()];
        ModelState model = new ModelState(workload.schema(), true);
        tsByHash.computeIfAbsent(model.hash(), h -> new ArrayList<>()).add(BEFORE_FIRST);
        for (int i = 0; i < txns.size(); i++) {
            model.apply(txns.get(i));
            ts[i] = txns.get(i).commitTs();
            hashes[i] = model.hash();
            tsByHash.computeIfAbsent(hashes[i], h -> new ArrayList<>()).add(ts[i]);
        }
    }

    /** The commit ts of every transaction, in order (each is a snapshot). */
    public List<Long> snapshotTs() {
        return Arrays.stream(ts).boxed().toList();
    }

    /** The content hash of the state at {@code commitTs} (after every transaction with commit ts &lt;= it). */
    public long hashAt(long commitTs) {
        int i = lastIndexAtOrBefore(commitTs);
        return i < 0 ? EMPTY_HASH : hashes[i];
    }

    private int lastIndexAtOrBefore(long commitTs) {
        int i = Arrays.binarySearch(ts, commitTs);
        return i >= 0 ? i : -i - 2;
    }

    /** Every table's full contents after all transactions with commit ts &lt;= {@code commitTs}. */
    public DatabaseState expectedAt(long commitTs) {
        ModelState model = new ModelState(workload.schema(), false);
        for (Transaction t : workload.transactions()) {
            if (t.commitTs() > commitTs) {
                break;
            }
            model.apply(t);
        }
        return model.snapshot();
    }

    /** The table definitions in force at {@code commitTs}. */
    public List<TableDef> tablesAt(long commitTs) {
        return expectedAt(commitTs).tables().values().stream().map(TableContent::def).toList();
    }

    /** Every snapshot whose content hash is {@code hash}, ascending ({@link #BEFORE_FIRST} for the initial empty state). */
    public List<Long> matchingSnapshots(long hash) {
        return List.copyOf(tsByHash.getOrDefault(hash, List.of()));
    }

    /** Every snapshot the given (downstream) state equals, ascending; empty if it is no state of the workload. */
    public List<Long> matchingSnapshots(DatabaseState state) {
        return matchingSnapshots(state.contentHash());
    }

    /** The latest snapshot the given state equals (equal contents can recur), if any. */
    public Optional<Long> matchingSnapshot(DatabaseState state) {
        List<Long> m = matchingSnapshots(state);
        return m.isEmpty() ? Optional.empty() : Optional.of(m.get(m.size() - 1));
    }
}
