package dev.drainer.sim;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.drainer.proto.binlog.Binlog;
import dev.drainer.sim.tidb.TidbBinlogEncoder;
import dev.drainer.sim.tidb.TidbHistory;
import dev.drainer.testkit.workload.Transaction;
import dev.drainer.testkit.workload.Workload;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Plays a testkit workload into a {@link SimulatedCluster} as TiDB commits it: each transaction
 * encoded by {@link TidbBinlogEncoder}, a DDL's job written to TiKV meta before its binlog, the
 * binlog stored in one pump (transaction {@code i} in pump {@code i % pumps}, as each TiDB writes to
 * one pump). All at once ({@link #feedAll}, {@link #feedRows}) or at a rate on a thread of its own
 * ({@link #start}), like a live upstream, encoding each transaction as it goes or all of them ahead
 * ({@link #encodeAhead}); it waits while the cluster's upstream is down, as TiDB cannot commit without PD.
 * It remembers when each transaction was fed, so a drainer's checkpoint lag can be told. A feed of a
 * {@link Workload} keeps the binlogs it fed; a feed of a generated stream keeps only their commit ts.
 */
public final class WorkloadFeed implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WorkloadFeed.class.getName());

    private final Workload workload;
    private final String schema;
    private final long firstCommitTs;
    private final Iterator<Transaction> source;
    private final TidbBinlogEncoder encoder;
    private final SimulatedTikv tikv;
    private final List<SimulatedPump> pumps;
    private final Runnable afterLast;
    /** Null for a generated stream: too many to keep. */
    private final List<Binlog> fed;
    /** Transactions fed; fewer than binlogs, as a DROP COLUMN writes two. */
    private int fedTransactions;
    private long fedBytes;
    private boolean exhausted;
    /** Row changes fed so far. */
    private long fedRows;
    /** Transactions encoded ahead ({@link #encodeAhead}) and not fed yet, in order; null when none were. */
    private DataInputStream spool;
    private Path spoolFile;
    private int spooledLeft;
    private final ConcurrentSkipListMap<Long, Long> fedAtNanos = new ConcurrentSkipListMap<>();
    /** By pump: the commit ts of the last binlog this feed stored there, 0 for none. */
    private final long[] lastStoredTs;
    private boolean paused;
    private boolean closed;
    private Thread thread;
    private RuntimeException failure;

    /** Writes the history the stream starts from (the workload's CREATE DATABASE) at once: a drainer reads it at start. */
    WorkloadFeed(Workload workload, SimulatedTikv tikv, List<SimulatedPump> pumps, Runnable afterLast) {
        this(workload, workload.schema(), workload.firstCommitTs(), workload.transactions().iterator(), new ArrayList<>(),
                tikv, pumps, afterLast);
    }

    /** A generated stream of transactions of database {@code schema}, from {@code firstCommitTs} on, not kept. */
    WorkloadFeed(String schema, long firstCommitTs, Iterator<Transaction> source, SimulatedTikv tikv,
                 List<SimulatedPump> pumps, Runnable afterLast) {
        this(null, schema, firstCommitTs, source, null, tikv, pumps, afterLast);
    }

    private WorkloadFeed(Workload workload, String schema, long firstCommitTs, Iterator<Transaction> source,
                         List<Binlog> fed, SimulatedTikv tikv, List<SimulatedPump> pumps, Runnable afterLast) {
        this.workload = workload;
        this.schema = schema;
        this.firstCommitTs = firstCommitTs;
        this.source = source;
        this.fed = fed;
        this.encoder = new TidbBinlogEncoder(schema, firstCommitTs);
        this.tikv = tikv;
        this.pumps = List.copyOf(pumps);
        this.lastStoredTs = new long[pumps.size()];
        this.afterLast = afterLast;
        tikv.putHistory(encoder.history());
    }

    /** Feeds every transaction not fed yet, now, on the caller's thread. */
    public void feedAll() throws InterruptedException {
        while (feedNext()) {
            // each call feeds one transaction
        }
    }

    /**
     * Feeds transactions now, on the caller's thread, until at least {@code rows} row changes (or every
     * transaction) have been fed in all; returns the row changes fed in all.
     */
    public long feedRows(long rows) throws InterruptedException {
        while (fedRows() < rows && feedNext()) {
            // each call feeds one transaction
        }
        return fedRows();
    }

    /**
     * Encodes every transaction not fed yet into {@code file} now, writing DDL jobs to TiKV meta as it
     * goes, so that feeding them later only reads and stores bytes: a benchmark's live feed then costs the
     * machine what a pump's storing costs, not TiDB's encoding too (a real upstream encodes on its own
     * servers). Returns the row changes encoded. The file is deleted when the feed is closed. Only for a
     * generated stream: a workload's feed keeps the binlogs it fed ({@link #binlogs}).
     */
    public synchronized long encodeAhead(Path file) throws IOException {
        if (spool != null || fed != null) {
            throw new IllegalStateException("the feed of " + schema + (spool != null ? " is encoded ahead already"
                    : " keeps the binlogs it feeds; only a generated stream is encoded ahead"));
        }
        long rows = 0;
        int count = 0;
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            while (source.hasNext()) {
                Transaction t = source.next();
                List<Binlog> binlogs = encoder.encode(t);
                if (t.isDdl()) {
                    tikv.putHistory(encoder.history());
                }
                out.writeInt(t.changes().size());
                out.writeInt(binlogs.size());
                for (Binlog b : binlogs) {
                    byte[] bytes = b.toByteArray();
                    out.writeLong(b.getStartTs());
                    out.writeLong(b.getCommitTs());
                    out.writeInt(bytes.length);
                    out.write(bytes);
                }
                rows += t.changes().size();
                count++;
            }
        }
        spoolFile = file;
        spool = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        spooledLeft = count;
        if (count == 0) {
            finish();
        }
        return rows;
    }

    /** Feeds the rest at {@code txnsPerSecond} on a background thread; returns at once. */
    public synchronized void start(double txnsPerSecond) {
        if (!(txnsPerSecond > 0)) {
            throw new IllegalArgumentException("feed rate " + txnsPerSecond + " txn/s: must be above 0");
        }
        if (thread != null) {
            throw new IllegalStateException("the feed of " + schema + " is running already");
        }
        thread = new Thread(() -> run(txnsPerSecond), "sim-workload-feed-" + schema);
        thread.setDaemon(true);
        thread.start();
    }

    private void run(double txnsPerSecond) {
        long nanosPerTxn = (long) (1e9 / txnsPerSecond);
        long due = System.nanoTime();
        try {
            while (true) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                long before = System.nanoTime();
                if (!feedNext()) {
                    return;
                }
                // Time spent waiting for the upstream to come back does not make the feed burst afterwards.
                due = Math.max(due, before) + nanosPerTxn;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "workload feed failed schema={0} fed={1} error={2}", schema,
                    fed(), e.toString());
            synchronized (this) {
                failure = e;
                notifyAll();
            }
        }
    }

    /** Feeds one transaction, waiting while paused; false when there is none left (or the feed is closed). */
    private synchronized boolean feedNext() throws InterruptedException {
        while (paused && !closed) {
            wait();
        }
        if (closed || exhausted) {
            return false;
        }
        if (spool != null) {
            feedSpooled();
        } else {
            Transaction t = source.next();
            List<Binlog> binlogs = encoder.encode(t);
            if (t.isDdl()) {
                tikv.putHistory(encoder.history());
            }
            int pump = fedTransactions % pumps.size();
            for (Binlog b : binlogs) {
                ByteString bytes = b.toByteString();
                pumps.get(pump).store(b.getStartTs(), b.getCommitTs(), bytes);
                if (fed != null) {
                    fed.add(b);
                }
                stored(pump, b.getCommitTs(), bytes.size());
            }
            fedRows += t.changes().size();
        }
        fedTransactions++;
        if (spool != null ? spooledLeft == 0 : !source.hasNext()) {
            finish();
        }
        return true;
    }

    private void feedSpooled() {
        int pump = fedTransactions % pumps.size();
        try {
            fedRows += spool.readInt();
            for (int n = spool.readInt(); n > 0; n--) {
                long startTs = spool.readLong();
                long commitTs = spool.readLong();
                ByteString bytes = UnsafeByteOperations.unsafeWrap(spool.readNBytes(spool.readInt()));
                pumps.get(pump).store(startTs, commitTs, bytes);
                stored(pump, commitTs, bytes.size());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the transactions of " + schema + " encoded ahead in " + spoolFile, e);
        }
        spooledLeft--;
    }

    private void stored(int pump, long commitTs, int bytes) {
        lastStoredTs[pump] = commitTs;
        fedBytes += bytes;
        fedAtNanos.put(commitTs, System.nanoTime());
    }

    private void finish() {
        exhausted = true;
        afterLast.run();
        notifyAll();
    }

    /** Row changes fed so far. */
    public synchronized long fedRows() {
        return fedRows;
    }

    /** Transactions fed so far. */
    public synchronized int fed() {
        return fedTransactions;
    }

    /** Serialized bytes of the binlogs fed so far (what the pumps store). */
    public synchronized long fedBytes() {
        return fedBytes;
    }

    /** The workload fed, or null for a generated stream. */
    public Workload workload() {
        return workload;
    }

    /** Commit ts of the last transaction fed, or the one before the first when none was. */
    public long lastFedCommitTs() {
        Map.Entry<Long, Long> last = fedAtNanos.lastEntry();
        return last == null ? firstCommitTs - 1 : last.getKey();
    }

    /**
     * The highest commit ts a drainer can apply of what was fed so far, before anything more is: a k-way merge
     * passes a binlog only while every pump holds one, and the pumps send fakes only after the whole feed. So
     * it is the smallest of the pumps' last binlogs (0 while a pump has none of this feed).
     */
    public synchronized long mergeableCommitTs() {
        long min = Long.MAX_VALUE;
        for (long ts : lastStoredTs) {
            min = Math.min(min, ts);
        }
        return min;
    }

    public synchronized boolean done() {
        return exhausted;
    }

    /**
     * How long ago the oldest fed transaction above {@code checkpointTs} was fed: how far a drainer at
     * that checkpoint is behind this upstream (0 when it has everything fed so far).
     */
    public Duration lag(long checkpointTs) {
        Map.Entry<Long, Long> oldestMissing = fedAtNanos.higherEntry(checkpointTs);
        return oldestMissing == null ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - oldestMissing.getValue());
    }

    /** Waits until every transaction is fed; throws if the background feed failed or time ran out. */
    public synchronized void awaitDone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done()) {
            if (failure != null) {
                throw new IllegalStateException("the feed of " + schema + " failed after " + fedTransactions
                        + " transactions", failure);
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("the feed of " + schema + " fed " + fedTransactions + " transactions"
                        + (workload == null ? "" : " of " + workload.transactions().size()) + " in " + timeout
                        + (paused ? " (paused)" : ""));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    /** The DDL history written so far. */
    public TidbHistory history() {
        return encoder.history();
    }

    /** The binlogs fed so far, in commit order; empty for a generated stream. */
    public synchronized List<Binlog> binlogs() {
        return fed == null ? List.of() : List.copyOf(fed);
    }

    /** Holds the feed before its next transaction (the upstream is down). */
    synchronized void pause() {
        paused = true;
    }

    synchronized void resume() {
        paused = false;
        notifyAll();
    }

    /** Stops the background feed where it is. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            notifyAll();
            t = thread;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            if (spool != null) {
                try {
                    spool.close();
                    Files.deleteIfExists(spoolFile);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "cannot remove the encoded-ahead feed file={0} error={1}", spoolFile,
                            e.toString());
                }
            }
        }
    }
}
