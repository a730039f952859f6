package dev.drainer.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CausalityTest {
    private static final TableInfo INFO = new TableInfo(Set.of("id", "uk", "v"), List.of(List.of("id"), List.of("uk")));

    private static Map<String, Object> row(long id, Object uk) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", id);
        m.put("uk", uk);
        m.put("v", "x");
        return m;
    }

    @Test
    void keysCoverEveryUniqueKeyOfBothImagesAndOmitNulls() {
        Dml upd = new Dml("d", "t", DmlType.UPDATE, row(2, 20L), row(1, 10L));
        assertEquals(List.of("(id: 2)`d`.`t`", "(uk: 20)`d`.`t`", "(id: 1)`d`.`t`", "(uk: 10)`d`.`t`"),
                texts(CausalityKeys.of(upd, INFO)));
        Dml ins = new Dml("d", "t", DmlType.INSERT, row(3, null), Map.of());
        assertEquals(List.of("(id: 3)`d`.`t`"), texts(CausalityKeys.of(ins, INFO)));
        TableInfo noKey = new TableInfo(Set.of("id", "uk", "v"), List.of());
        List<CausalityKey> whole = CausalityKeys.of(ins, noKey);
        assertEquals(List.of("row(id: 3)(uk: null)(v: x)`d`.`t`"), texts(whole), "the whole row when no key exists");
        assertEquals(whole, CausalityKeys.of(new Dml("d", "t", DmlType.DELETE, row(3, null), Map.of()), noKey));
        assertNotEquals(whole, CausalityKeys.of(new Dml("d", "t", DmlType.INSERT, row(4, null), Map.of()), noKey));
    }

    private static List<String> texts(List<CausalityKey> keys) {
        return keys.stream().map(CausalityKey::toString).toList();
    }
}
