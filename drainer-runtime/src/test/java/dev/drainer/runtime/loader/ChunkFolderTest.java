package dev.drainer.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.drainer.runtime.loader.ChunkPlannerTest.row;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChunkFolderTest {
    private static final TableInfo PK_UK = new TableInfo(Set.of("id", "uk", "v"), List.of(List.of("id"), List.of("uk")));
    private static final TableInfo UK_ONLY = new TableInfo(Set.of("uk", "v"), List.of(List.of("uk")));

    private static BoundDml ins(long id, Object uk, String v) {
        return BoundDml.of(new Dml("d", "t", DmlType.INSERT, row(id, uk, v), Map.of()), PK_UK);
    }

    private static BoundDml upd(long oldId, Object oldUk, String oldV, long id, Object uk, String v) {
        return BoundDml.of(new Dml("d", "t", DmlType.UPDATE, row(id, uk, v), row(oldId, oldUk, oldV)), PK_UK);
    }

    private static BoundDml del(long id, Object uk, String v) {
        return BoundDml.of(new Dml("d", "t", DmlType.DELETE, row(id, uk, v), Map.of()), PK_UK);
    }

    private static Dml dml(DmlType type, Map<String, Object> values, Map<String, Object> old) {
        return new Dml("d", "t", type, values, old);
    }

    private static List<Dml> fold(BoundDml... chunk) {
        return ChunkFolder.fold(List.of(chunk)).stream().map(BoundDml::dml).toList();
    }

    @Test
    void insertThenUpdatesBecomeOneInsertOfTheLastImage() {
        assertEquals(List.of(dml(DmlType.INSERT, row(1, 12L, "c"), Map.of())),
                fold(ins(1, 10L, "a"), upd(1, 10L, "a", 1, 11L, "b"), upd(1, 11L, "b", 1, 12L, "c")));
        // The key may change on the way: the insert is of the row as it ends.
        assertEquals(List.of(dml(DmlType.INSERT, row(2, 10L, "b"), Map.of())),
                fold(ins(1, 10L, "a"), upd(1, 10L, "a", 2, 10L, "b")));
    }

    @Test
    void updatesBecomeOneUpdateFromTheFirstOldImageToTheLastNewOne() {
        assertEquals(List.of(dml(DmlType.UPDATE, row(3, 30L, "c"), row(1, 10L, "a"))),
                fold(upd(1, 10L, "a", 2, 20L, "b"), upd(2, 20L, "b", 3, 30L, "c")));
    }

    @Test
    void aDeleteTakesTheRowAsItWasBeforeTheChunk() {
        assertEquals(List.of(dml(DmlType.DELETE, row(1, 10L, "a"), Map.of())),
                fold(upd(1, 10L, "a", 2, 20L, "b"), del(2, 20L, "b")));
        assertEquals(List.of(dml(DmlType.DELETE, row(1, 10L, "a"), Map.of())),
                fold(ins(1, 10L, "a"), del(1, 10L, "a")));
    }

    @Test
    void foldedChangesKeepTheKeysOfBothSoLaterChangesStayBehindThem() {
        // Row 1 takes uk 10 and gives it up again; row 2 takes it after that.
        List<BoundDml> out = ChunkFolder.fold(List.of(ins(1, 10L, "a"), upd(1, 10L, "a", 1, 11L, "b"), ins(2, 10L, "c")));
        assertEquals(2, out.size());
        assertTrue(out.get(0).keys().contains(CausalityKey.unique("`d`.`t`", List.of("uk"), new Object[] {10L})),
                out.get(0).keys().toString());
        List<String> sql = ChunkPlanner.plan(out, false, true, 1 << 20).stream().map(p -> p.statement().sql()).toList();
        assertEquals(List.of("INSERT INTO `d`.`t`(`id`,`uk`,`v`) VALUES(?,?,?)", "INSERT INTO `d`.`t`(`id`,`uk`,`v`) VALUES(?,?,?)"),
                sql, "two levels: the second insert runs after the first");
    }

    @Test
    void aChangeBetweenThatSharesAKeyPreventsTheFold() {
        // Row 2 takes uk 11 after row 1 gave it up: folding row 1's second update back would take 11 from row 2 first.
        List<BoundDml> chunk = List.of(upd(1, 11L, "a", 1, null, "b"), upd(2, null, "x", 2, 11L, "y"),
                upd(1, null, "b", 1, 12L, "c"));
        assertSame(chunk, ChunkFolder.fold(chunk));
        // Row 2 gives up uk 12 that row 1 takes later: moving row 1's update before it would collide.
        List<BoundDml> freed = List.of(ins(1, 10L, "a"), upd(2, 12L, "x", 2, null, "y"), upd(1, 10L, "a", 1, 12L, "b"));
        assertSame(freed, ChunkFolder.fold(freed));
        // A change of another row that shares no key does not stand in the way.
        assertEquals(2, ChunkFolder.fold(List.of(ins(1, 10L, "a"), ins(5, 50L, "e"), upd(1, 10L, "a", 1, 11L, "b"))).size());
    }

    @Test
    void aDeleteThenAnInsertOfTheSameKeyStaysTwoChanges() {
        List<BoundDml> chunk = List.of(del(1, 10L, "a"), ins(1, 10L, "b"));
        assertSame(chunk, ChunkFolder.fold(chunk));
        // The re-inserted row is new: a later update folds into the insert, not across the delete.
        assertEquals(List.of(dml(DmlType.DELETE, row(1, 10L, "a"), Map.of()), dml(DmlType.INSERT, row(1, 10L, "c"), Map.of())),
                fold(del(1, 10L, "a"), ins(1, 10L, "b"), upd(1, 10L, "b", 1, 10L, "c")));
    }

    @Test
    void rowsWithoutAUsableKeyAndInsertOnlyChunksAreLeftAlone() {
        Map<String, Object> a = new HashMap<>();
        a.put("uk", null);
        a.put("v", "a");
        Map<String, Object> b = new HashMap<>(a);
        b.put("v", "b");
        List<BoundDml> noKey = List.of(BoundDml.of(new Dml("d", "u", DmlType.INSERT, a, Map.of()), UK_ONLY),
                BoundDml.of(new Dml("d", "u", DmlType.UPDATE, b, a), UK_ONLY));
        assertSame(noKey, ChunkFolder.fold(noKey));
        List<BoundDml> inserts = List.of(ins(1, 10L, "a"), ins(2, 20L, "b"));
        assertSame(inserts, ChunkFolder.fold(inserts));
        // Another table's row with the same key values is another row.
        BoundDml other = BoundDml.of(new Dml("d", "t2", DmlType.UPDATE, row(1, 10L, "b"), row(1, 10L, "a")), PK_UK);
        List<BoundDml> tables = List.of(ins(1, 10L, "a"), other);
        assertSame(tables, ChunkFolder.fold(tables));
    }
}
