package dev.drainer.runtime.loader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * Puts the row changes of one loader stage into per-worker chunks so that changes sharing a causality
 * key commit in order (spec 8.3) without the Go drainer's flush of every worker on a conflict.
 *
 * <p>A change whose keys no unfinished chunk holds may run on any worker: it joins the chunk that is
 * filling, and when that chunk is sealed the next worker's chunk fills, in turn. Consecutive upstream
 * transactions therefore share a chunk, as they share key ranges (ascending ids): four workers writing
 * four contiguous ranges cost the server less than four writing interleaved keys into the same index
 * pages, and a change that touches a row changed shortly before usually finds it in the same chunk.
 *
 * <p>Each key remembers the last chunk that took it. A change whose keys were last taken by unfinished
 * chunks of other workers goes to one of those workers, and its chunk waits for the others, which are
 * sealed (handed to their workers) at that moment if they were still open. A chunk therefore only ever
 * waits for chunks sealed before it, and each worker runs its chunks in the order they were sealed, so
 * the earliest unfinished chunk can always run: there is no deadlock. Changes of one worker need no
 * waiting at all, as that worker runs them in queue order.
 *
 * @param <R> a row change
 * @param <K> a causality key
 */
final class ChunkRouter<R, K> {
    /** Row changes one worker commits in one downstream transaction. */
    static final class Chunk<R> {
        final int worker;
        final List<R> rows = new ArrayList<>();
        /** Chunks of other workers that must commit before this one starts. */
        final List<Chunk<R>> after = new ArrayList<>();
        /** Completed when the chunk committed, exceptionally when it failed or was not run. */
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private boolean sealed;

        Chunk(int worker) {
            this.worker = worker;
        }
    }

    private final int workers;
    private final int txnBatch;
    private final boolean causality;
    private final ToIntFunction<K> workerOf;
    private final Consumer<Chunk<R>> seal;
    private final List<Chunk<R>> open;
    private final Map<K, Chunk<R>> lastChunk = new HashMap<>();
    /** The worker whose chunk changes with no unfinished key fill, until it is sealed. */
    private int cursor;

    /**
     * @param causality false: route by the first key only, without ordering (the Go drainer's {@code disable-causality})
     * @param workerOf  without causality, the worker a change goes to, from its first key
     * @param seal      hands a full or needed chunk to its worker; called in the order chunks must start per worker
     */
    ChunkRouter(int workers, int txnBatch, boolean causality, ToIntFunction<K> workerOf, Consumer<Chunk<R>> seal) {
        this.workers = workers;
        this.txnBatch = txnBatch;
        this.causality = causality;
        this.workerOf = workerOf;
        this.seal = seal;
        this.open = new ArrayList<>(Collections.nCopies(workers, null));
    }

    /** Routes {@code row}, whose causality keys are {@code keys} (at least one). */
    void add(R row, List<K> keys) {
        if (!causality) {
            int worker = workerOf.applyAsInt(keys.get(0));
            chunkOf(worker).rows.add(row);
            sealIfFull(worker);
            return;
        }
        List<Chunk<R>> unfinished = new ArrayList<>(2);
        for (K k : keys) {
            Chunk<R> c = lastChunk.get(k);
            if (c != null && !c.done.isDone() && !unfinished.contains(c)) {
                unfinished.add(c);
            }
        }
        int target = unfinished.isEmpty() ? cursor : preferOpen(unfinished).worker;
        List<Chunk<R>> others = new ArrayList<>(0);
        for (Chunk<R> c : unfinished) {
            if (c.worker != target) {
                sealChunk(c);
                others.add(c);
            }
        }
        Chunk<R> chunk = chunkOf(target);
        for (Chunk<R> c : others) {
            if (!chunk.after.contains(c)) {
                chunk.after.add(c);
            }
        }
        chunk.rows.add(row);
        for (K k : keys) {
            lastChunk.put(k, chunk);
        }
        sealIfFull(target);
    }

    /**
     * The chunk a bridging change joins: a still open one if there is one, so the others it waits for
     * are already sealed (often running) and no open chunk is cut short to be waited for.
     */
    private static <R> Chunk<R> preferOpen(List<Chunk<R>> unfinished) {
        for (Chunk<R> c : unfinished) {
            if (!c.sealed) {
                return c;
            }
        }
        return unfinished.get(0);
    }

    /** Seals every open chunk: the stage is complete. Keys are forgotten; the caller waits for the chunks. */
    void sealAll() {
        for (int w = 0; w < workers; w++) {
            if (open.get(w) != null) {
                sealChunk(open.get(w));
            }
        }
        lastChunk.clear();
    }

    private Chunk<R> chunkOf(int worker) {
        if (open.get(worker) == null) {
            open.set(worker, new Chunk<>(worker));
        }
        return open.get(worker);
    }

    private void sealIfFull(int worker) {
        if (open.get(worker).rows.size() >= txnBatch) {
            sealChunk(open.get(worker));
        }
    }

    private void sealChunk(Chunk<R> c) {
        if (c.sealed) {
            return;
        }
        c.sealed = true;
        if (open.get(c.worker) == c) {
            open.set(c.worker, null);
        }
        if (c.worker == cursor) {
            cursor = (cursor + 1) % workers;
        }
        seal.accept(c);
    }
}
