package dev.drainer.testkit.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OracleTest {
    private final Workload w = Workload.generate(WorkloadSpec.defaults(3, "o").withTransactions(400).withDdlRatio(0.05));
    private final Oracle oracle = w.oracle();

    @Test
    void incrementalHashesEqualHashesOfFullStates() {
        List<Long> ts = oracle.snapshotTs();
        assertEquals(w.commitTs(), ts);
        for (int i = 0; i < ts.size(); i++) {
            if (i % 20 == 0 || w.transactions().get(i).isDdl() || i == ts.size() - 1) {
                DatabaseState s = oracle.expectedAt(ts.get(i));
                assertEquals(s.contentHash(), oracle.hashAt(ts.get(i)), "at transaction " + i);
                assertTrue(oracle.matchingSnapshots(s).contains(ts.get(i)));
            }
        }
    }

    @Test
    void incrementalHashesFollowEveryDdlKind() {
        Workload all = Workload.generate(WorkloadSpec.defaults(4, "o").withTransactions(400).withDdlRatio(0.15)
                .withAllDdlKinds());
        for (Transaction t : all.transactions()) {
            if (t.isDdl()) {
                assertEquals(all.expectedAt(t.commitTs()).contentHash(), all.oracle().hashAt(t.commitTs()), t.ddl().sql());
            }
        }
    }

    @Test
    void hashesTellSnapshotsApart() {
        Set<Long> distinct = new HashSet<>();
        for (long ts : oracle.snapshotTs()) {
            distinct.add(oracle.hashAt(ts));
        }
        // A transaction can undo itself (insert then delete), so not strictly all; nearly all.
        assertTrue(distinct.size() > oracle.snapshotTs().size() * 0.95, distinct.size() + " distinct");
    }

    @Test
    void tsBetweenCommitsMeansTheStateOfThePreviousCommit() {
        long t5 = w.transactions().get(5).commitTs();
        long t6 = w.transactions().get(6).commitTs();
        assertEquals(oracle.hashAt(t5), oracle.hashAt(t6 - 1));
        assertEquals(oracle.expectedAt(t5), oracle.expectedAt(t6 - 1));
        DatabaseState empty = oracle.expectedAt(w.firstCommitTs() - 1);
        assertTrue(empty.tables().isEmpty());
        assertEquals(List.of(Oracle.BEFORE_FIRST), oracle.matchingSnapshots(empty));
        assertEquals(empty.contentHash(), oracle.hashAt(0));
        assertTrue(oracle.matchingSnapshot(new DatabaseState("o", Map.of("t1", new TableContent(
                TableShapes.table(TableShapes.Shape.INT_PK, "o", "t1"), Map.of())))).isPresent());
    }

    @Test
    void contentHashIgnoresColumnAndRowOrderButNotValues() {
        DatabaseState s = oracle.expectedAt(w.lastCommitTs());
        TableContent t = s.table("t1");
        // Reverse the rows and the column order: same content, same hash.
        List<Integer> order = new java.util.ArrayList<>();
        for (int i = t.def().columns().size() - 1; i >= 0; i--) {
            order.add(i);
        }
        List<ColumnDef> cols = order.stream().map(i -> t.def().columns().get(i)).toList();
        TableDef reversedDef = new TableDef(t.def().schema(), t.def().name(), cols, t.def().primaryKey(),
                t.def().uniqueKeys());
        Map<List<Object>, List<Object>> rows = new java.util.LinkedHashMap<>();
        List<List<Object>> all = new java.util.ArrayList<>(t.rows().values());
        java.util.Collections.reverse(all);
        for (List<Object> r : all) {
            List<Object> rr = new java.util.ArrayList<>();
            order.forEach(i -> rr.add(r.get(i)));
            rows.put(reversedDef.keyOf(rr), rr);
        }
        assertEquals(t.contentHash(), new TableContent(reversedDef, rows).contentHash());
        // Decimal 1.5 and 1.50 are the same value; JSON spelling does not matter.
        ColumnDef dec = ColumnDef.decimal("d", 10, 2);
        assertEquals(Values.canonical(dec, new java.math.BigDecimal("1.5")),
                Values.canonical(dec, new java.math.BigDecimal("1.50")));
        ColumnDef json = ColumnDef.of("j", ColumnType.JSON);
        assertTrue(Values.same(json, "{\"b\":1,\"a\":[1.0,2]}", "{\"a\": [1, 2.00], \"b\": 1e0}"));
        assertTrue(!Values.same(json, "{\"a\":1}", "{\"a\":\"1\"}"));
        assertTrue(!Values.same(ColumnDef.of("f", ColumnType.FLOAT), 0.1f, 0.10000001f));
    }
}
