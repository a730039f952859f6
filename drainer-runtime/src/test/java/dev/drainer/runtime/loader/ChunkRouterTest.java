package dev.drainer.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkRouterTest {
    /** Without causality, keys name their worker by their first letter: "a…" goes to worker 0, "b…" to 1. */
    private final List<ChunkRouter.Chunk<Dml>> sealed = new ArrayList<>();

    private ChunkRouter<Dml, String> router(int txnBatch, boolean causality) {
        return new ChunkRouter<>(3, txnBatch, causality, k -> k.charAt(0) - 'a', Dml::table, sealed::add);
    }

    private static Dml row(long id) {
        return row("t", id);
    }

    private static Dml row(String table, long id) {
        return new Dml("d", table, DmlType.INSERT, Map.of("id", id), Map.of());
    }

    @Test
    void independentChangesOfOneTableFillOneChunkAtATimeOnTheWorkersInTurn() {
        ChunkRouter<Dml, String> r = router(2, true);
        r.add(row(1), List.of("a1"));
        r.add(row(2), List.of("b1"));
        assertEquals(1, sealed.size(), "worker 0's chunk is full");
        assertEquals(0, sealed.get(0).worker);
        assertEquals(List.of(row(1), row(2)), sealed.get(0).rows);
        r.add(row(3), List.of("c1"));
        r.add(row(4), List.of("a2"));
        r.add(row(5), List.of("b2"));
        r.add(row(6), List.of("c2"));
        r.add(row(7), List.of("a3"));
        r.sealAll();
        assertEquals(List.of(0, 1, 2, 0), sealed.stream().map(c -> c.worker).toList(), "the workers take turns");
        assertEquals(List.of(row(3), row(4)), sealed.get(1).rows);
        assertEquals(List.of(row(7)), sealed.get(3).rows);
        assertTrue(sealed.stream().allMatch(c -> c.after.isEmpty()));
    }

    @Test
    void aChangeBridgingTwoOpenChunksWaitsForTheOtherInsteadOfAFlush() {
        ChunkRouter<Dml, String> r = router(2, true);
        r.add(row(1), List.of("a1"));
        r.add(row(2), List.of("a2"));
        ChunkRouter.Chunk<Dml> a = sealed.get(0);
        // a1's chunk is unfinished: the change follows it to worker 0, in a chunk of its own queued behind it.
        r.add(row(3), List.of("a1"));
        r.add(row("u", 4), List.of("b1"));
        assertEquals(List.of(a), sealed, "worker 0's second chunk and worker 1's are open");
        // Takes b1 and a1, both in open chunks: joins the first key's, after the other, which is sealed now.
        r.add(row("u", 5), List.of("b1", "a1"));
        assertEquals(3, sealed.size());
        ChunkRouter.Chunk<Dml> a2 = sealed.get(1);
        ChunkRouter.Chunk<Dml> b = sealed.get(2);
        assertEquals(0, a2.worker);
        assertEquals(List.of(row(3)), a2.rows);
        assertEquals(1, b.worker);
        assertEquals(List.of(row("u", 4), row("u", 5)), b.rows);
        assertEquals(List.of(a2), b.after);
        assertTrue(a2.after.isEmpty(), "worker 0 runs its chunks in order: nothing to wait for");
        assertTrue(sealed.indexOf(a2) < sealed.indexOf(b), "a chunk is sealed after every chunk it waits for");
    }

    @Test
    void eachTableFillsTheChunkOfItsOwnSlotAndTablesShareSlotsInTurnWhenThereAreMore() {
        ChunkRouter<Dml, String> r = router(3, true);
        r.add(row("t", 1), List.of("t1"));
        r.add(row("u", 1), List.of("u1"));
        r.add(row("t", 2), List.of("t2"));
        r.add(row("v", 1), List.of("v1"));
        r.add(row("w", 1), List.of("w1"));
        r.add(row("t", 3), List.of("t3"));
        assertEquals(1, sealed.size(), "t's chunk is full, and it holds w's row: w took the first slot again");
        assertEquals(List.of(row("t", 1), row("t", 2), row("w", 1)), sealed.get(0).rows);
        r.add(row("t", 4), List.of("t4"));
        r.sealAll();
        // Chunks started on workers 0 (t), 1 (u), 2 (v), then 0 again (t's second); sealAll goes worker by worker.
        assertEquals(List.of(0, 0, 1, 2), sealed.stream().map(c -> c.worker).toList());
        assertEquals(List.of(row("t", 3), row("t", 4)), sealed.get(1).rows);
        assertEquals(List.of(row("u", 1)), sealed.get(2).rows);
        assertEquals(List.of(row("v", 1)), sealed.get(3).rows);
        assertTrue(sealed.stream().allMatch(c -> c.after.isEmpty()));
    }

    @Test
    void aChangeBridgingTwoOpenChunksOfOneWorkerSealsTheOtherFirst() {
        ChunkRouter<Dml, String> r = router(3, true);
        r.add(row(1), List.of("a1"));
        r.add(row(2), List.of("a2"));
        r.add(row(3), List.of("a3"));
        ChunkRouter.Chunk<Dml> a = sealed.get(0);
        r.add(row(4), List.of("b1"));
        // a1's chunk is sealed and t's filling chunk is on worker 1: a chunk of its own on worker 0.
        r.add(row(5), List.of("a1"));
        r.add(row("u", 1), List.of("c1"));
        r.add(row("v", 1), List.of("d1"));
        assertEquals(List.of(a), sealed, "worker 0 has two open chunks: row 5's and v's");
        r.add(row("v", 2), List.of("d1", "a1"));
        assertEquals(2, sealed.size());
        ChunkRouter.Chunk<Dml> a2 = sealed.get(1);
        assertEquals(0, a2.worker);
        assertEquals(List.of(row(5)), a2.rows, "sealed now, so it runs before the chunk that follows it");
        r.sealAll();
        ChunkRouter.Chunk<Dml> v = sealed.stream().filter(c -> c.rows.contains(row("v", 2))).findFirst().orElseThrow();
        assertEquals(0, v.worker);
        assertEquals(List.of(row("v", 1), row("v", 2)), v.rows);
        assertTrue(sealed.indexOf(a2) < sealed.indexOf(v));
        assertTrue(v.after.isEmpty(), "worker 0 runs its chunks in order: nothing to wait for");
    }

    @Test
    void aBridgingChangeJoinsTheOpenChunkSoNoChunkIsCutShort() {
        ChunkRouter<Dml, String> r = router(3, true);
        r.add(row(1), List.of("a1"));
        r.add(row(2), List.of("a2"));
        r.add(row(3), List.of("a3"));
        ChunkRouter.Chunk<Dml> a = sealed.get(0);
        r.add(row(4), List.of("b1"));
        // a1's chunk is sealed (full), b1's is open: the change joins b1's and waits for a1's.
        r.add(row(5), List.of("a1", "b1"));
        assertEquals(List.of(a), sealed, "worker 1's chunk stays open");
        r.sealAll();
        ChunkRouter.Chunk<Dml> b = sealed.get(1);
        assertEquals(1, b.worker);
        assertEquals(List.of(row(4), row(5)), b.rows);
        assertEquals(List.of(a), b.after);
    }

    @Test
    void aKeyFollowsItsLastChunk() {
        ChunkRouter<Dml, String> r = router(2, true);
        r.add(row(1), List.of("a1"));
        r.add(row(2), List.of("a2"));
        r.add(row(3), List.of("b1"));
        r.add(row(4), List.of("a1"));
        // a1 is in worker 0's open chunk, b1 in worker 1's: the change joins a1's, after b1's.
        r.add(row(5), List.of("a1", "b1"));
        ChunkRouter.Chunk<Dml> b = sealed.get(1);
        ChunkRouter.Chunk<Dml> a2 = sealed.get(2);
        assertEquals(List.of(row(3)), b.rows);
        assertEquals(List.of(row(4), row(5)), a2.rows);
        assertEquals(List.of(b), a2.after);
        r.add(row(6), List.of("b1"));
        r.sealAll();
        ChunkRouter.Chunk<Dml> a3 = sealed.get(3);
        assertEquals(0, a3.worker, "b1 moved to worker 0 with row 5");
        assertEquals(List.of(row(6)), a3.rows);
        assertTrue(a3.after.isEmpty());
    }

    @Test
    void aFinishedChunkHoldsNothingBack() {
        ChunkRouter<Dml, String> r = router(2, true);
        r.add(row(1), List.of("a1"));
        r.add(row(2), List.of("b1"));
        ChunkRouter.Chunk<Dml> a = sealed.get(0);
        a.done.complete(null);
        r.add(row(3), List.of("c9", "b1"));
        assertEquals(1, sealed.size(), "b1's chunk has committed: row 3 fills the next worker's chunk, nothing is sealed");
        r.add(row(4), List.of("a1"));
        r.sealAll();
        ChunkRouter.Chunk<Dml> c = sealed.get(1);
        assertEquals(1, c.worker);
        assertEquals(List.of(row(3), row(4)), c.rows);
        assertTrue(c.after.isEmpty());
    }

    @Test
    void withoutCausalityTheFirstKeyRoutesAndNothingWaits() {
        ChunkRouter<Dml, String> r = router(100, false);
        r.add(row(1), List.of("a1"));
        r.add(row(2), List.of("b1", "a1"));
        r.sealAll();
        assertEquals(2, sealed.size());
        assertTrue(sealed.stream().allMatch(c -> c.after.isEmpty()));
        assertSame(row(2).getClass(), sealed.get(1).rows.get(0).getClass());
        assertEquals(1, sealed.get(1).worker);
    }
}
