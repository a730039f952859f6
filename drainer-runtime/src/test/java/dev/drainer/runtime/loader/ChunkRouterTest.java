package dev.drainer.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChunkRouterTest {
    /** Keys name their worker by their first letter: "a…" goes to worker 0, "b…" to 1, "c…" to 2. */
    private final List<ChunkRouter.Chunk<Dml>> sealed = new ArrayList<>();

    private ChunkRouter<Dml, String> router(int txnBatch, boolean causality) {
        return new ChunkRouter<>(3, txnBatch, causality, k -> k.charAt(0) - 'a', sealed::add);
    }

    private static Dml row(long id) {
        return new Dml("d", "t", DmlType.INSERT, Map.of("id", id), Map.of());
    }

    @Test
    void independentKeysFillTheirWorkersChunksUntilFull() {
        ChunkRouter<Dml, String> r = router(2, true);
        r.add(row(1), List.of("a1"));
        r.add(row(2), List.of("b1"));
        assertEquals(List.of(), sealed);
        r.add(row(3), List.of("a2"));
        assertEquals(1, sealed.size(), "worker 0's chunk is full");
        assertEquals(0, sealed.get(0).worker);
        assertEquals(List.of(row(1), row(3)), sealed.get(0).rows);
        r.sealAll();
        assertEquals(2, sealed.size());
        assertEquals(List.of(row(2)), sealed.get(1).rows);
        assertTrue(sealed.stream().allMatch(c -> c.after.isEmpty()));
    }

    @Test
    void aChangeBridgingTwoWorkersWaitsForTheOtherWorkersChunkInsteadOfAFlush() {
        ChunkRouter<Dml, String> r = router(100, true);
        r.add(row(1), List.of("a1"));
        r.add(row(2), List.of("b1"));
        r.add(row(3), List.of("c1"));
        // Takes a1 and b1: goes to a1's worker, after b1's chunk, which is sealed now; c1's chunk stays open.
        r.add(row(4), List.of("a1", "b1"));
        assertEquals(1, sealed.size());
        ChunkRouter.Chunk<Dml> b = sealed.get(0);
        assertEquals(1, b.worker);
        r.sealAll();
        ChunkRouter.Chunk<Dml> a = sealed.stream().filter(c -> c.worker == 0).findFirst().orElseThrow();
        assertEquals(List.of(row(1), row(4)), a.rows);
        assertEquals(List.of(b), a.after);
        assertTrue(sealed.indexOf(b) < sealed.indexOf(a), "a chunk is sealed after every chunk it waits for");
        // b1 now belongs to worker 0's chunk: a later change of b1 follows it there.
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
        ChunkRouter<Dml, String> r = router(100, true);
        r.add(row(1), List.of("b1"));
        r.add(row(2), List.of("b1", "a1"));
        assertEquals(List.of(), sealed, "b1's chunk is first: the change joins it, nothing waits");
        r.add(row(3), List.of("a2"));
        r.add(row(4), List.of("a2", "b1"));
        ChunkRouter.Chunk<Dml> b = sealed.get(0);
        assertEquals(List.of(row(1), row(2)), b.rows);
        r.add(row(5), List.of("b1"));
        r.sealAll();
        ChunkRouter.Chunk<Dml> a = sealed.get(1);
        assertEquals(0, a.worker);
        assertEquals(List.of(row(3), row(4), row(5)), a.rows, "b1 moved to worker 0 with row 4");
        assertEquals(List.of(b), a.after);
    }

    @Test
    void aFinishedChunkHoldsNothingBack() {
        ChunkRouter<Dml, String> r = router(100, true);
        r.add(row(1), List.of("b1"));
        r.add(row(2), List.of("a1"));
        r.add(row(3), List.of("a1", "b1"));
        ChunkRouter.Chunk<Dml> b = sealed.get(0);
        b.done.complete(null);
        r.add(row(4), List.of("c9", "b1"));
        assertEquals(1, sealed.size(), "b1 is in worker 0's open chunk: row 4 joins it, nothing is sealed");
        r.add(row(5), List.of("b7"));
        r.add(row(6), List.of("b7", "c8"));
        r.sealAll();
        ChunkRouter.Chunk<Dml> a = sealed.stream().filter(c -> c.worker == 0).findFirst().orElseThrow();
        assertEquals(List.of(row(2), row(3), row(4)), a.rows);
        ChunkRouter.Chunk<Dml> b2 = sealed.stream().filter(c -> c.worker == 1 && c != b).findFirst().orElseThrow();
        assertEquals(List.of(row(5), row(6)), b2.rows);
        assertTrue(b2.after.isEmpty());
    }

    @Test
    void aChangeWhoseKeysLastChunksHaveCommittedGoesWhereItsFirstKeyHashes() {
        ChunkRouter<Dml, String> r = router(1, true);
        r.add(row(1), List.of("a1"));
        assertEquals(1, sealed.size());
        sealed.get(0).done.complete(null);
        r.add(row(2), List.of("b2", "a1"));
        assertEquals(2, sealed.size());
        assertEquals(1, sealed.get(1).worker);
        assertTrue(sealed.get(1).after.isEmpty(), "nothing to wait for");
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
