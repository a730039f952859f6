package dev.drainer.runtime.loader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Puts the row changes of one loader stage into per-worker chunks so that changes sharing a causality
 * key commit in order (spec 8.3) without the Go drainer's flush of every worker on a conflict.
 *
 * <p>A change whose keys no unfinished chunk holds may run on any worker: it joins the filling chunk of its
 * table's slot. There are {@code worker-count} slots; tables take them in turn as they first appear in the
 * stage, and each slot's next chunk goes to the next worker in turn. With as many tables as workers or fewer, a
 * chunk therefore holds one table's rows, so its INSERTs are chunk-sized, which costs the server less CPU per
 * row than the smaller ones of a chunk that mixes tables (docs/benchmark.md), and it holds locks in one table;
 * with more tables, a slot's chunk mixes them. Consecutive upstream changes of a table share a chunk, as they
 * share key ranges (ascending ids): four workers writing four contiguous ranges cost the server less than four
 * writing interleaved keys into the same index pages, and a change that touches a row changed shortly before
 * usually finds it in the same chunk.
 *
 * <p>Each key remembers the last chunk that took it. A change whose keys were last taken by unfinished
 * chunks joins one of them if it is still open, or else an open chunk of that chunk's worker; every other
 * chunk holding one of its keys is sealed (handed to its worker) at that moment if it was still open, and
 * the change's chunk waits for those of other workers. A chunk therefore only ever waits for chunks sealed
 * before it, and each worker runs its chunks in the order they were sealed, so the earliest unfinished chunk
 * can always run: there is no deadlock. Changes of one worker need no waiting at all, as that worker runs
 * them in queue order.
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
        /** The slot whose filling chunk this is; -1 when none is. */
        private int slot = -1;

        Chunk(int worker) {
            this.worker = worker;
        }
    }

    private final int workers;
    private final int txnBatch;
    private final boolean causality;
    private final ToIntFunction<K> workerOf;
    private final Function<R, Object> tableOf;
    private final Consumer<Chunk<R>> seal;
    /** Each worker's chunks that are not sealed yet, oldest first. */
    private final List<List<Chunk<R>>> open = new ArrayList<>();
    /** Each slot's filling chunk, or null. */
    private final List<Chunk<R>> slots;
    private final Map<Object, Integer> slotOf = new HashMap<>();
    private final Map<K, Chunk<R>> lastChunk = new HashMap<>();
    /** The worker the next slot's chunk goes to. */
    private int cursor;

    /**
     * @param causality false: route by the first key only, without ordering (the Go drainer's {@code disable-causality})
     * @param workerOf  without causality, the worker a change goes to, from its first key
     * @param tableOf   the table of a change (equal for changes of one table)
     * @param seal      hands a full or needed chunk to its worker; called in the order chunks must start per worker
     */
    ChunkRouter(int workers, int txnBatch, boolean causality, ToIntFunction<K> workerOf, Function<R, Object> tableOf,
            Consumer<Chunk<R>> seal) {
        this.workers = workers;
        this.txnBatch = txnBatch;
        this.causality = causality;
        this.workerOf = workerOf;
        this.tableOf = tableOf;
        this.seal = seal;
        this.slots = new ArrayList<>(Collections.nCopies(workers, null));
        for (int w = 0; w < workers; w++) {
            open.add(new ArrayList<>(2));
        }
    }

    /** Routes {@code row}, whose causality keys are {@code keys} (at least one). */
    void add(R row, List<K> keys) {
        if (!causality) {
            Chunk<R> chunk = openOn(workerOf.applyAsInt(keys.get(0)), null);
            chunk.rows.add(row);
            sealIfFull(chunk);
            return;
        }
        List<Chunk<R>> unfinished = new ArrayList<>(2);
        for (K k : keys) {
            Chunk<R> c = lastChunk.get(k);
            if (c != null && !c.done.isDone() && !unfinished.contains(c)) {
                unfinished.add(c);
            }
        }
        Chunk<R> chunk;
        if (unfinished.isEmpty()) {
            chunk = slotChunk(tableOf.apply(row));
        } else {
            Chunk<R> joined = preferOpen(unfinished);
            for (Chunk<R> c : unfinished) {
                if (c != joined) {
                    sealChunk(c);
                }
            }
            // Open chunks of the joined chunk's worker are all sealed after it, so run after it.
            chunk = joined.sealed ? openOn(joined.worker, tableOf.apply(row)) : joined;
            for (Chunk<R> c : unfinished) {
                if (c.worker != chunk.worker && !chunk.after.contains(c)) {
                    chunk.after.add(c);
                }
            }
        }
        chunk.rows.add(row);
        for (K k : keys) {
            lastChunk.put(k, chunk);
        }
        sealIfFull(chunk);
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
        for (List<Chunk<R>> chunks : open) {
            while (!chunks.isEmpty()) {
                sealChunk(chunks.get(0));
            }
        }
        lastChunk.clear();
        slotOf.clear();
    }

    /** The filling chunk of {@code table}'s slot, started on the next worker in turn when there is none. */
    private Chunk<R> slotChunk(Object table) {
        Integer slot = slotOf.get(table);
        if (slot == null) {
            slot = slotOf.size() % workers;
            slotOf.put(table, slot);
        }
        Chunk<R> c = slots.get(slot);
        if (c == null) {
            c = newChunk(cursor, slot);
            cursor = (cursor + 1) % workers;
        }
        return c;
    }

    /**
     * An open chunk of {@code worker}: {@code table}'s filling chunk if it is there, else the oldest open one,
     * else a new one, which fills for {@code table}'s slot if that slot has no chunk.
     */
    private Chunk<R> openOn(int worker, Object table) {
        Integer slot = table == null ? null : slotOf.get(table);
        Chunk<R> filling = slot == null ? null : slots.get(slot);
        if (filling != null && filling.worker == worker) {
            return filling;
        }
        List<Chunk<R>> chunks = open.get(worker);
        if (!chunks.isEmpty()) {
            return chunks.get(0);
        }
        return newChunk(worker, slot != null && filling == null ? slot : -1);
    }

    private Chunk<R> newChunk(int worker, int slot) {
        Chunk<R> c = new Chunk<>(worker);
        open.get(worker).add(c);
        if (slot >= 0) {
            c.slot = slot;
            slots.set(slot, c);
        }
        return c;
    }

    private void sealIfFull(Chunk<R> c) {
        if (c.rows.size() >= txnBatch) {
            sealChunk(c);
        }
    }

    private void sealChunk(Chunk<R> c) {
        if (c.sealed) {
            return;
        }
        c.sealed = true;
        open.get(c.worker).remove(c);
        if (c.slot >= 0) {
            slots.set(c.slot, null);
        }
        seal.accept(c);
    }
}
