package dev.drainer.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChunkPlannerTest {
    private static final TableInfo PK_UK = new TableInfo(Set.of("id", "uk", "v"), List.of(List.of("id"), List.of("uk")));
    private static final TableInfo COMPOSITE = new TableInfo(Set.of("k", "n", "v"), List.of(List.of("k", "n")));
    private static final TableInfo NO_KEY = new TableInfo(Set.of("a", "b"), List.of());
    private static final long BUDGET = 1 << 20;

    /** A row of a table with columns id, uk and v (also ChunkFolderTest's). */
    static Map<String, Object> row(long id, Object uk, String v) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", id);
        m.put("uk", uk);
        m.put("v", v);
        return m;
    }

    private static BoundDml ins(long id, Object uk) {
        return BoundDml.of(new Dml("d", "t", DmlType.INSERT, row(id, uk, "v" + id), Map.of()), PK_UK);
    }

    private static BoundDml upd(long oldId, Object oldUk, long id, Object uk) {
        return BoundDml.of(new Dml("d", "t", DmlType.UPDATE, row(id, uk, "n"), row(oldId, oldUk, "o")), PK_UK);
    }

    private static BoundDml del(long id, Object uk) {
        return BoundDml.of(new Dml("d", "t", DmlType.DELETE, row(id, uk, "o"), Map.of()), PK_UK);
    }

    private static List<String> sql(List<BoundDml> chunk, boolean safe) {
        return ChunkPlanner.plan(chunk, safe, true, BUDGET).stream().map(p -> p.statement().sql()).toList();
    }

    @Test
    void independentRowsMergePerKindWithDeletesFirst() {
        List<BoundDml> chunk = List.of(ins(1, 10L), del(2, 20L), ins(3, 30L), upd(4, 40L, 4, 41L), del(5, 50L));
        // The update keeps its primary key, so its REPLACE alone replaces the old row.
        assertEquals(List.of(
                "DELETE FROM `d`.`t` WHERE `id` IN (?,?)",
                "REPLACE INTO `d`.`t`(`id`,`uk`,`v`) VALUES(?,?,?),(?,?,?),(?,?,?)"), sql(chunk, true));
        List<PlannedStatement> plan = ChunkPlanner.plan(chunk, true, true, BUDGET);
        assertEquals(List.of(2L, 5L), plan.get(0).statement().args());
        assertEquals(List.of(1L, 10L, "v1", 3L, 30L, "v3", 4L, 41L, "n"), plan.get(1).statement().args());
        assertEquals(List.of(
                "DELETE FROM `d`.`t` WHERE `id` IN (?,?)",
                "UPDATE `d`.`t` SET `id` = ?,`uk` = ?,`v` = ? WHERE `id` = ? LIMIT 1",
                "INSERT INTO `d`.`t`(`id`,`uk`,`v`) VALUES(?,?,?),(?,?,?)"), sql(chunk, false));
    }

    @Test
    void updatesOutsideSafeModeMergeIntoOneJoinedUpdatePerKeyAndColumns() {
        BoundDml other = BoundDml.of(new Dml("d", "t", DmlType.UPDATE, Map.of("id", 9L, "v", "n"),
                Map.of("id", 9L, "v", "o")), PK_UK);
        List<PlannedStatement> plan = ChunkPlanner.plan(List.of(upd(1, 10L, 1, 11L), other, upd(2, 20L, 3, 20L)),
                false, true, BUDGET);
        assertEquals(List.of(
                "UPDATE `d`.`t` AS `_t` JOIN (SELECT ? AS `_k0`,? AS `_v0`,? AS `_v1`,? AS `_v2`"
                        + " UNION ALL SELECT ?,?,?,?) AS `_v` ON `_t`.`id` = `_v`.`_k0`"
                        + " SET `_t`.`id` = `_v`.`_v0`,`_t`.`uk` = `_v`.`_v1`,`_t`.`v` = `_v`.`_v2`",
                "UPDATE `d`.`t` SET `id` = ?,`v` = ? WHERE `id` = ? LIMIT 1"),
                plan.stream().map(p -> p.statement().sql()).toList(), "other columns, other statement");
        assertEquals(List.of(1L, 1L, 11L, "n", 2L, 3L, 20L, "n"), plan.get(0).statement().args(),
                "each row: its old key, then its new values");
        assertEquals(2, plan.get(0).rows());

        // A composite key joins on every column; an old image whose key is NULL stays the Go statement.
        Map<String, Object> a = Map.of("k", "x", "n", 1L, "v", "a");
        Map<String, Object> b = Map.of("k", "y", "n", 2L, "v", "b");
        List<BoundDml> composite = List.of(
                BoundDml.of(new Dml("d", "c", DmlType.UPDATE, Map.of("k", "x", "n", 1L, "v", "a2"), a), COMPOSITE),
                BoundDml.of(new Dml("d", "c", DmlType.UPDATE, Map.of("k", "y", "n", 2L, "v", "b2"), b), COMPOSITE));
        assertEquals(List.of("UPDATE `d`.`c` AS `_t` JOIN (SELECT ? AS `_k0`,? AS `_k1`,? AS `_v0`,? AS `_v1`,? AS `_v2`"
                + " UNION ALL SELECT ?,?,?,?,?) AS `_v` ON `_t`.`k` = `_v`.`_k0` AND `_t`.`n` = `_v`.`_k1`"
                + " SET `_t`.`k` = `_v`.`_v0`,`_t`.`n` = `_v`.`_v1`,`_t`.`v` = `_v`.`_v2`"), sql(composite, false));
        TableInfo ukOnly = new TableInfo(Set.of("uk", "v"), List.of(List.of("uk")));
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put("uk", null);
        nullKey.put("v", "a");
        List<BoundDml> nulls = List.of(
                BoundDml.of(new Dml("d", "u", DmlType.UPDATE, Map.of("uk", "p", "v", "b"), nullKey), ukOnly),
                BoundDml.of(new Dml("d", "u", DmlType.UPDATE, Map.of("uk", "q", "v", "b"), Map.of("uk", "r", "v", "a")),
                        ukOnly));
        assertEquals(List.of("UPDATE `d`.`u` SET `uk` = ?,`v` = ? WHERE `uk` IS NULL AND `v` = ? LIMIT 1",
                "UPDATE `d`.`u` SET `uk` = ?,`v` = ? WHERE `uk` = ? LIMIT 1"), sql(nulls, false));
    }

    @Test
    void aKeySeenTwiceSplitsTheRunAndKeepsTheOrder() {
        // k1 -> k2, then k2 -> k3 (the primary key changes twice): the second must follow the first.
        List<String> chain = sql(List.of(upd(1, 10L, 2, 10L), upd(2, 10L, 3, 10L)), true);
        assertEquals(List.of(
                "DELETE FROM `d`.`t` WHERE `id` = ? LIMIT 1", "REPLACE INTO `d`.`t`(`id`,`uk`,`v`) VALUES(?,?,?)",
                "DELETE FROM `d`.`t` WHERE `id` = ? LIMIT 1", "REPLACE INTO `d`.`t`(`id`,`uk`,`v`) VALUES(?,?,?)"), chain);
        // delete then re-insert of the same key, with unrelated rows around that still merge
        List<PlannedStatement> plan = ChunkPlanner.plan(List.of(ins(7, 70L), del(1, 10L), ins(8, 80L), ins(1, 11L)),
                false, true, BUDGET);
        assertEquals(List.of("DELETE FROM `d`.`t` WHERE `id` = ? LIMIT 1",
                "INSERT INTO `d`.`t`(`id`,`uk`,`v`) VALUES(?,?,?),(?,?,?)",
                "INSERT INTO `d`.`t`(`id`,`uk`,`v`) VALUES(?,?,?)"), plan.stream().map(p -> p.statement().sql()).toList());
        assertEquals(List.of(1L, 11L, "v1"), plan.get(2).statement().args());
        // a unique value moves between rows: row 1 gives uk 10 up, row 2 takes it
        List<PlannedStatement> move = ChunkPlanner.plan(List.of(upd(1, 10L, 1, 12L), upd(2, 20L, 2, 10L)), false, true,
                BUDGET);
        assertEquals(2, move.size());
        assertEquals(List.of(1L, 12L, "n", 1L), move.get(0).statement().args());
        assertEquals(List.of(2L, 10L, "n", 2L), move.get(1).statement().args());
    }

    @Test
    void compositeKeysUseRowInAndNullKeysOrKeylessTablesStayOneRow() {
        Map<String, Object> a = Map.of("k", "x", "n", 1L, "v", "a");
        Map<String, Object> b = Map.of("k", "y", "n", 2L, "v", "b");
        List<BoundDml> chunk = List.of(BoundDml.of(new Dml("d", "c", DmlType.DELETE, a, Map.of()), COMPOSITE),
                BoundDml.of(new Dml("d", "c", DmlType.DELETE, b, Map.of()), COMPOSITE));
        assertEquals(List.of("DELETE FROM `d`.`c` WHERE (`k`,`n`) IN ((?,?),(?,?))"), sql(chunk, false));

        TableInfo ukOnly = new TableInfo(Set.of("uk", "v"), List.of(List.of("uk")));
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put("uk", null);
        nullKey.put("v", "a");
        List<BoundDml> nulls = List.of(BoundDml.of(new Dml("d", "u", DmlType.INSERT, nullKey, Map.of()), ukOnly),
                BoundDml.of(new Dml("d", "u", DmlType.INSERT, nullKey, Map.of()), ukOnly),
                BoundDml.of(new Dml("d", "u", DmlType.DELETE, Map.of("uk", "z", "v", "b"), Map.of()), ukOnly));
        assertEquals(List.of("DELETE FROM `d`.`u` WHERE `uk` = ? LIMIT 1",
                "INSERT INTO `d`.`u`(`uk`,`v`) VALUES(?,?)", "INSERT INTO `d`.`u`(`uk`,`v`) VALUES(?,?)"), sql(nulls, false));

        List<BoundDml> keyless = List.of(BoundDml.of(new Dml("d", "n", DmlType.INSERT, Map.of("a", 1L, "b", 2L), Map.of()), NO_KEY),
                BoundDml.of(new Dml("d", "n", DmlType.INSERT, Map.of("a", 3L, "b", 4L), Map.of()), NO_KEY));
        assertEquals(2, sql(keyless, false).size());
    }

    @Test
    void statementsAreCappedByRowsAndBytes() {
        List<BoundDml> many = new ArrayList<>();
        for (int i = 0; i < ChunkPlanner.MAX_ROWS_PER_STATEMENT * 2 + 3; i++) {
            many.add(ins(i, (long) i));
        }
        assertEquals(List.of(many.size()),
                ChunkPlanner.plan(many, false, true, BUDGET).stream().map(PlannedStatement::rows).toList(),
                "writes are bounded by bytes only");
        List<BoundDml> deletes = many.stream()
                .map(b -> BoundDml.of(new Dml("d", "t", DmlType.DELETE, b.dml().values(), Map.of()), b.info())).toList();
        assertEquals(List.of(ChunkPlanner.MAX_ROWS_PER_STATEMENT, ChunkPlanner.MAX_ROWS_PER_STATEMENT, 3),
                ChunkPlanner.plan(deletes, false, true, BUDGET).stream().map(PlannedStatement::rows).toList(),
                "IN lists stay below in_predicate_conversion_threshold");
        long perRow = ChunkPlanner.estimate(SqlBuilder.ops(many.get(0).dml(), false).get(0));
        List<PlannedStatement> small = ChunkPlanner.plan(many.subList(0, 10), false, true, perRow * 3);
        assertEquals(List.of(3, 3, 3, 1), small.stream().map(PlannedStatement::rows).toList());
        // A row bigger than the budget still goes, alone.
        assertEquals(10, ChunkPlanner.plan(many.subList(0, 10), false, true, 1).size());
    }

    @Test
    void theOneRowPathIsTheGoDrainersStatementsInOrder() {
        List<BoundDml> chunk = List.of(ins(1, 10L), ins(2, 20L), upd(1, 10L, 1, 11L));
        List<String> expected = new ArrayList<>();
        for (BoundDml b : chunk) {
            SqlBuilder.statements(b.dml(), b.info(), true).forEach(s -> expected.add(s.sql()));
        }
        assertEquals(expected, ChunkPlanner.plan(chunk, true, false, BUDGET).stream().map(p -> p.statement().sql()).toList());
    }

    @Test
    void aRefusedStatementNamesItsRowsKeysTruncated() {
        List<BoundDml> chunk = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            chunk.add(ins(i, "u".repeat(60) + i));
        }
        PlannedStatement p = ChunkPlanner.plan(chunk, false, true, BUDGET).get(0);
        assertEquals("`d`.`t`", p.table());
        assertEquals("[(id=0), (id=1), (id=2), (id=3), (id=4), … 2 more]", p.keys());
        Map<String, Object> noKey = new HashMap<>(Map.of("a", "x".repeat(100), "b", 2L));
        PlannedStatement one = ChunkPlanner.plan(List.of(BoundDml.of(new Dml("d", "n", DmlType.INSERT, noKey, Map.of()),
                NO_KEY)), false, true, BUDGET).get(0);
        assertTrue(one.keys().startsWith("[(a=" + "x".repeat(40) + "…,b=2)"), one.keys());
    }
}
