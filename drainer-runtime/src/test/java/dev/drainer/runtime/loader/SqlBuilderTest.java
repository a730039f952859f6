package dev.drainer.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlBuilderTest {
    private static final TableInfo PK_AND_UK = new TableInfo(java.util.Set.of("id", "name", "uk", "b`q"),
            List.of(List.of("id"), List.of("uk")));

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static List<String> sql(Dml d, TableInfo info, boolean safe) {
        return SqlBuilder.statements(d, info, safe).stream().map(Statement::sql).toList();
    }

    @Test
    void goFormsWithColumnsSortedByName() {
        Dml ins = new Dml("db", "t", DmlType.INSERT, row("name", "a", "id", 1L, "b`q", 2L), Map.of());
        assertEquals(List.of("INSERT INTO `db`.`t`(`b``q`,`id`,`name`) VALUES(?,?,?)"), sql(ins, PK_AND_UK, false));
        assertEquals(Arrays.asList(2L, 1L, "a"), SqlBuilder.statements(ins, PK_AND_UK, false).get(0).args());
        assertEquals(List.of("REPLACE INTO `db`.`t`(`b``q`,`id`,`name`) VALUES(?,?,?)"), sql(ins, PK_AND_UK, true));

        Dml upd = new Dml("db", "t", DmlType.UPDATE, row("id", 2L, "name", "b"), row("id", 1L, "name", "a"));
        assertEquals(List.of("UPDATE `db`.`t` SET `id` = ?,`name` = ? WHERE `id` = ? LIMIT 1"), sql(upd, PK_AND_UK, false));
        assertEquals(List.of(2L, "b", 1L), SqlBuilder.statements(upd, PK_AND_UK, false).get(0).args());
        assertEquals(List.of("DELETE FROM `db`.`t` WHERE `id` = ? LIMIT 1",
                "REPLACE INTO `db`.`t`(`id`,`name`) VALUES(?,?)"), sql(upd, PK_AND_UK, true));

        Dml del = new Dml("db", "t", DmlType.DELETE, row("id", 1L, "name", "a"), Map.of());
        assertEquals(List.of("DELETE FROM `db`.`t` WHERE `id` = ? LIMIT 1"), sql(del, PK_AND_UK, true));
    }

    @Test
    void whereFallsBackToTheNextKeyThenToEveryColumnWithIsNull() {
        TableInfo ukOnly = new TableInfo(java.util.Set.of("a", "b", "uk"), List.of(List.of("uk"), List.of("a", "b")));
        Dml del = new Dml("db", "t", DmlType.DELETE, row("uk", null, "a", 1L, "b", "x"), Map.of());
        assertEquals(List.of("DELETE FROM `db`.`t` WHERE `a` = ? AND `b` = ? LIMIT 1"), sql(del, ukOnly, false));
        TableInfo noKey = new TableInfo(java.util.Set.of("a", "b"), List.of());
        Dml del2 = new Dml("db", "t", DmlType.DELETE, row("a", null, "b", "x"), Map.of());
        assertEquals(List.of("DELETE FROM `db`.`t` WHERE `a` IS NULL AND `b` = ? LIMIT 1"), sql(del2, noKey, false));
        assertEquals(List.of("x"), SqlBuilder.statements(del2, noKey, false).get(0).args());
    }
}
