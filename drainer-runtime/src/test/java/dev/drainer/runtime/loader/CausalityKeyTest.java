package dev.drainer.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keys are equal exactly when the Go drainer's key strings are; byte[] values compare by content. */
class CausalityKeyTest {
    private static final TableInfo INFO = new TableInfo(Set.of("id", "a", "b", "bin", "v"),
            List.of(List.of("id"), List.of("a", "b"), List.of("bin")));

    private static Dml insert(String table, Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return new Dml("d", table, DmlType.INSERT, m, Map.of());
    }

    private static List<CausalityKey> keys(Dml dml) {
        return CausalityKeys.of(dml, INFO);
    }

    @Test
    void byteArraysCompareAndHashByContent() {
        List<CausalityKey> x = keys(insert("t", "id", 1L, "bin", new byte[] {0, 1, (byte) 0xff}));
        List<CausalityKey> y = keys(insert("t", "id", 2L, "bin", new byte[] {0, 1, (byte) 0xff}));
        assertEquals(x.get(1), y.get(1));
        assertEquals(x.get(1).hashCode(), y.get(1).hashCode());
        assertEquals("(bin: 0x0001ff)`d`.`t`", x.get(1).toString());
        assertNotEquals(x.get(1), keys(insert("t", "id", 2L, "bin", new byte[] {0, 1})).get(1));
    }

    @Test
    void tableColumnsAndValuesAllCount() {
        CausalityKey k = keys(insert("t", "id", 1L)).get(0);
        assertEquals(k, keys(insert("t", "id", 1L, "v", "other")).get(0));
        assertNotEquals(k, keys(insert("u", "id", 1L)).get(0), "another table");
        assertNotEquals(k, keys(insert("t", "id", 2L)).get(0));
        CausalityKey big = keys(insert("t", "id", new BigInteger("18446744073709551615"))).get(0);
        assertEquals(big, keys(insert("t", "id", new BigInteger("18446744073709551615"))).get(0));
        assertNotEquals(k, big);
    }

    @Test
    void aKeyWithNullColumnsEqualsTheKeyOfItsOtherColumnsAsTheGoStringDoes() {
        // (a, b) with b NULL is "(a: 5)`d`.`t`", the same text as (a, b) of another row with b NULL.
        CausalityKey partial = keys(insert("t", "id", 1L, "a", 5L, "b", null)).get(1);
        assertEquals("(a: 5)`d`.`t`", partial.toString());
        assertEquals(partial, keys(insert("t", "id", 2L, "a", 5L, "b", null)).get(1));
        assertNotEquals(partial, keys(insert("t", "id", 2L, "a", 5L, "b", 6L)).get(1));
    }

    @Test
    void aWholeRowKeyNeverEqualsAUniqueKey() {
        TableInfo onlyId = new TableInfo(Set.of("id"), List.of(List.of("id")));
        TableInfo none = new TableInfo(Set.of("id"), List.of());
        Dml d = insert("t", "id", 1L);
        CausalityKey unique = CausalityKeys.of(d, onlyId).get(0);
        CausalityKey whole = CausalityKeys.of(d, none).get(0);
        assertEquals("(id: 1)`d`.`t`", unique.toString());
        assertNotEquals(unique, whole);
        assertNotEquals(whole, unique);
    }
}
