package dev.drainer.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RowImageTest {
    private static final List<String> UPSTREAM_ORDER = List.of("id", "b", "a", "z", "note");

    private static RowImage image(Object... valuesInUpstreamOrder) {
        return RowImage.Layout.of(UPSTREAM_ORDER).image(valuesInUpstreamOrder);
    }

    private static TreeMap<String, Object> tree(Object... valuesInUpstreamOrder) {
        TreeMap<String, Object> m = new TreeMap<>();
        for (int i = 0; i < valuesInUpstreamOrder.length; i++) {
            m.put(UPSTREAM_ORDER.get(i), valuesInUpstreamOrder[i]);
        }
        return m;
    }

    @Test
    void behavesAsATreeMapOfItsEntries() {
        byte[] bytes = {0, 1, 2};
        Object[] values = {7L, "x", null, new BigInteger("18446744073709551615"), bytes};
        RowImage img = image(values.clone());
        TreeMap<String, Object> tree = tree(values);
        assertEquals(tree, img);
        assertEquals(img, tree);
        assertEquals(img, new HashMap<>(tree));
        assertEquals(new HashMap<>(tree), img);
        assertEquals(tree.hashCode(), img.hashCode());
        assertEquals(tree.toString(), img.toString());
        assertEquals(new ArrayList<>(tree.keySet()), new ArrayList<>(img.keySet()));
        assertEquals(new ArrayList<>(tree.values()), new ArrayList<>(img.values()));
        assertEquals(new ArrayList<>(tree.entrySet()), new ArrayList<>(img.entrySet()));
        List<String> visited = new ArrayList<>();
        img.forEach((k, v) -> visited.add(k + "=" + v));
        List<String> expected = new ArrayList<>();
        tree.forEach((k, v) -> expected.add(k + "=" + v));
        assertEquals(expected, visited);
        assertEquals(List.of("a", "b", "id", "note", "z"), img.columns());
    }

    @Test
    void nullColumnsArePresentAndAbsentColumnsAreNot() {
        RowImage img = image(1L, "x", null, 2L, "n");
        assertTrue(img.containsKey("a"));
        assertNull(img.get("a"));
        assertFalse(img.containsKey("missing"));
        assertNull(img.get("missing"));
        assertFalse(img.containsKey(42));
        assertTrue(img.keySet().contains("note"));
        assertFalse(img.keySet().contains("nope"));
    }

    @Test
    void equalityFollowsMapRulesIncludingByteArrayIdentity() {
        byte[] bytes = {1};
        assertEquals(image(1L, "x", null, 2L, bytes), image(1L, "x", null, 2L, bytes));
        // Map equality compares byte[] values by identity, for TreeMap and RowImage alike.
        assertNotEquals(image(1L, "x", null, 2L, new byte[] {1}), image(1L, "x", null, 2L, new byte[] {1}));
        assertNotEquals(tree(1L, "x", null, 2L, new byte[] {1}), image(1L, "x", null, 2L, new byte[] {1}));
        assertNotEquals(image(1L, "x", null, 2L, "n"), image(1L, "x", 3L, 2L, "n"));
        // A NULL column differs from a missing one.
        Map<String, Object> fewer = tree(1L, "x", null, 2L, "n");
        fewer.remove("a");
        assertNotEquals(fewer, image(1L, "x", null, 2L, "n"));
        assertNotEquals(image(1L, "x", null, 2L, "n"), fewer);
    }

    @Test
    void copiesOtherMapsSortedAndKeepsImagesAsTheyAre() {
        RowImage img = image(1L, "x", null, 2L, "n");
        assertSame(img, RowImage.copyOf(img));
        Map<String, Object> hash = new HashMap<>(tree(1L, "x", null, 2L, "n"));
        RowImage copy = RowImage.copyOf(hash);
        assertEquals(img, copy);
        assertEquals(List.of("a", "b", "id", "note", "z"), new ArrayList<>(copy.keySet()));
        assertSame(RowImage.empty(), RowImage.copyOf(Map.of()));
        Map<String, Object> nullKey = new HashMap<>();
        nullKey.put(null, 1L);
        assertThrows(NullPointerException.class, () -> RowImage.copyOf(nullKey));
    }

    @Test
    void aNameGivenTwiceKeepsTheLaterValueAsAMapPutWould() {
        RowImage img = RowImage.Layout.of(List.of("b", "a", "b")).image(new Object[] {1L, 2L, 3L});
        assertEquals(Map.of("a", 2L, "b", 3L), img);
        assertEquals(2, img.size());
    }

    @Test
    void aLayoutFitsExactlyTheColumnListItWasBuiltFrom() {
        RowImage.Layout layout = RowImage.Layout.of(UPSTREAM_ORDER);
        assertTrue(layout.fits(List.of("id", "b", "a", "z", "note")));
        assertFalse(layout.fits(List.of("b", "id", "a", "z", "note")), "another upstream order");
        assertFalse(layout.fits(List.of("id", "b", "a", "z")), "a column fewer");
        assertFalse(layout.fits(List.of("id", "b", "a", "z", "nope")), "another name");
        assertTrue(RowImage.Layout.of(List.of("b", "a", "b")).fits(List.of("b", "a", "b")));
    }

    @Test
    void refusesChangesAndWrongValueCounts() {
        RowImage img = image(1L, "x", null, 2L, "n");
        assertThrows(UnsupportedOperationException.class, () -> img.put("a", 1L));
        assertThrows(UnsupportedOperationException.class, () -> img.keySet().remove("a"));
        assertThrows(UnsupportedOperationException.class, () -> img.entrySet().iterator().next().setValue(1L));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RowImage.Layout.of(UPSTREAM_ORDER).image(new Object[] {1L}));
        assertTrue(e.getMessage().contains("5 columns"), e.getMessage());
    }
}
