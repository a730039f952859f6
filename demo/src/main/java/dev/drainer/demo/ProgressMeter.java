package dev.drainer.demo;

import dev.drainer.sim.WorkloadFeed;
import dev.drainer.testkit.workload.Transaction;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;

/**
 * The demo's live progress line: what the upstream has committed, what the drainer's checkpoint
 * covers (transactions and row changes, from the workload), the checkpointed rows per second over the
 * last few seconds, and the checkpoint lag (how long ago the oldest transaction it lacks was committed).
 * The checkpoint moves once per save (every 3 s, and at each DDL), so the rate is taken over a window.
 */
final class ProgressMeter {
    private static final long WINDOW_NANOS = 6_000_000_000L;

    private final WorkloadFeed feed;
    private final long[] commitTs;
    private final long[] rowsUpTo;
    private final long startNanos = System.nanoTime();
    private final Deque<long[]> samples = new ArrayDeque<>();

    ProgressMeter(WorkloadFeed feed) {
        this.feed = feed;
        List<Transaction> txns = feed.workload().transactions();
        this.commitTs = txns.stream().mapToLong(Transaction::commitTs).toArray();
        this.rowsUpTo = new long[txns.size() + 1];
        for (int i = 0; i < txns.size(); i++) {
            rowsUpTo[i + 1] = rowsUpTo[i] + txns.get(i).changes().size();
        }
    }

    /** Transactions of the workload at or below {@code ts}. */
    int txnsUpTo(long ts) {
        int i = Arrays.binarySearch(commitTs, ts);
        return i >= 0 ? i + 1 : -i - 1;
    }

    /** Row changes of the workload at or below {@code ts}. */
    long rowsUpTo(long ts) {
        return rowsUpTo[txnsUpTo(ts)];
    }

    long totalRows() {
        return rowsUpTo[commitTs.length];
    }

    /** One progress line for a drainer whose checkpoint is {@code checkpointTs} (empty: not answering). */
    String line(OptionalLong checkpointTs) {
        long now = System.nanoTime();
        String upstream = String.format("t=%5.1fs  upstream %5d/%d txns", (now - startNanos) / 1e9, feed.fed(),
                commitTs.length);
        if (checkpointTs.isEmpty()) {
            return upstream + "  drainer not answering /commit_ts yet";
        }
        long ts = checkpointTs.getAsLong();
        long rows = rowsUpTo(ts);
        samples.addLast(new long[] {now, rows});
        while (samples.size() > 2 && now - samples.peekFirst()[0] > WINDOW_NANOS) {
            samples.removeFirst();
        }
        long[] oldest = samples.peekFirst();
        double rate = now == oldest[0] ? 0 : (rows - oldest[1]) * 1e9 / (now - oldest[0]);
        return String.format("%s  checkpoint %5d txns %6d rows  %6.0f rows/s  lag %4.1f s", upstream, txnsUpTo(ts), rows,
                rate, feed.lag(ts).toMillis() / 1e3);
    }
}
