package dev.drainer.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Causality is observed, not assumed: independent rows run on two workers at once (two chunks meet
 * at a barrier inside their transactions; a serial loader would break it), and a chain of
 * conflicting changes (a unique value moving between rows, a primary key changing, a freed key
 * reused) commits in order, read from a log of what the connections sent and when COMMIT returned.
 */
@ExtendWith(MariaDbExtension.class)
class LoaderCausalityTest {
    private static Map<String, Object> row(long id, long uk, String v) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", id);
        m.put("uk", uk);
        m.put("v", v);
        return m;
    }

    @ParameterizedTest(name = "safe={0} txnBatch={1}")
    @CsvSource({"true,2", "false,2", "true,4", "false,4"})
    void independentRowsRunConcurrentlyAndConflictsCommitInOrder(boolean safe, int txnBatch, MariaDb db) throws Exception {
        String d = db.createDatabase("lc");
        db.execute("CREATE TABLE `" + d + "`.t (id BIGINT PRIMARY KEY, uk BIGINT NOT NULL UNIQUE, v VARCHAR(20))");
        ObservedConnections observed = new ObservedConnections(LoaderTest.endpoint(db));
        CyclicBarrier meet = new CyclicBarrier(2);
        AtomicInteger mids = new AtomicInteger();
        Set<String> metThreads = ConcurrentHashMap.newKeySet();
        LoaderOptions opts = LoaderOptions.of(4, txnBatch, true, true).withProbe(p -> {
            if (p.equals("loader.chunk.mid") && mids.incrementAndGet() <= 2) {
                try {
                    meet.await(60, TimeUnit.SECONDS);
                    metThreads.add(Thread.currentThread().getName());
                } catch (Exception e) {
                    throw new IllegalStateException("no second chunk was open at the same time", e);
                }
            }
        });
        List<Txn> batch = new ArrayList<>();
        List<Dml> first = new ArrayList<>();
        first.add(new Dml(d, "t", DmlType.INSERT, row(1, 10, "c1"), Map.of()));
        first.add(new Dml(d, "t", DmlType.INSERT, row(2, 20, "c2"), Map.of()));
        for (int i = 100; i < 140; i++) {
            first.add(new Dml(d, "t", DmlType.INSERT, row(i, i, "f" + i), Map.of()));
        }
        batch.add(Txn.ofDml(1, first, null));
        // row 1 gives uk 10 up, row 2 takes it; row 2's primary key changes; the freed id 2 and uk 20 are reused
        batch.add(Txn.ofDml(2, List.of(new Dml(d, "t", DmlType.UPDATE, row(1, 11, "c3"), row(1, 10, "c1"))), null));
        batch.add(Txn.ofDml(3, List.of(new Dml(d, "t", DmlType.UPDATE, row(2, 10, "c4"), row(2, 20, "c2")),
                new Dml(d, "t", DmlType.UPDATE, row(140, 140, "f140"), row(139, 139, "f139"))), null));
        batch.add(Txn.ofDml(4, List.of(new Dml(d, "t", DmlType.UPDATE, row(3, 10, "c5"), row(2, 10, "c4"))), null));
        batch.add(Txn.ofDml(5, List.of(new Dml(d, "t", DmlType.INSERT, row(2, 20, "c6"), Map.of()),
                new Dml(d, "t", DmlType.DELETE, row(100, 100, "f100"), Map.of())), null));
        batch.add(Txn.ofDml(6, List.of(new Dml(d, "t", DmlType.UPDATE, row(2, 21, "c7"), row(2, 20, "c6"))), null));
        long folded;
        try (Loader loader = new Loader(observed, opts, safe)) {
            loader.apply(batch);
            folded = loader.rowsFolded();
        }

        assertEquals(2, metThreads.size(), "two different workers were inside a chunk at once: " + metThreads);
        List<String> chain = new ArrayList<>(List.of("'c1'", "'c3'", "'c4'", "'c5'", "'c6'", "'c7'"));
        List<String> absent = chain.stream().filter(v -> observed.committed().stream()
                .flatMap(t -> t.statements().stream()).noneMatch(e -> e.sql().contains(v))).toList();
        if (safe) {
            assertEquals(List.of(), absent);
            assertEquals(0, folded);
        } else {
            // Where routing put a row's two changes into one chunk, the first folded into the second (ChunkFolder):
            // c1 into c3 (row 1), c4 into c5 (row 2 becoming 3), c6 into c7 (the new row 2). Never across rows.
            assertTrue(Set.of("'c1'", "'c4'", "'c6'").containsAll(absent), "folded away: " + absent);
            assertTrue(folded >= absent.size(), folded + " folded, " + absent + " absent");
        }
        chain.removeAll(absent);
        for (int i = 1; i < chain.size(); i++) {
            ObservedConnections.Transaction a = observed.committedWith(chain.get(i - 1));
            ObservedConnections.Transaction b = observed.committedWith(chain.get(i));
            if (a.equals(b)) {
                assertTrue(seqOf(a, chain.get(i - 1)) < seqOf(b, chain.get(i)), chain.get(i - 1) + " ran before " + chain.get(i));
            } else {
                assertTrue(a.commit().seq() < b.firstSeq(), chain.get(i - 1) + " committed (event " + a.commit().seq()
                        + ") before the transaction of " + chain.get(i) + " began (event " + b.firstSeq() + ")");
            }
        }
        assertEquals(List.of("1|11|c3", "2|21|c7", "3|10|c5"),
                LoaderTest.dump(db, "SELECT id, uk, v FROM `" + d + "`.t WHERE id < 100 ORDER BY id"));
        assertEquals(39, LoaderTest.dump(db, "SELECT id FROM `" + d + "`.t WHERE id >= 100").size());
        assertNotEquals(0, observed.committed().size());
    }

    private static long seqOf(ObservedConnections.Transaction t, String text) {
        return t.statements().stream().filter(e -> e.sql().contains(text)).findFirst().orElseThrow().seq();
    }
}
