package dev.drainer.runtime.loader;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable row image ordered by column name (the Go drainer renders column lists in that order),
 * with the same {@code equals}, {@code hashCode} and iteration order as a {@code TreeMap} of its entries.
 * The names live in a {@link Layout} that every image of one table shares, the values in an array, so an
 * image costs one array instead of a map entry per column. NULL columns are present with a null value.
 */
public final class RowImage extends AbstractMap<String, Object> {
    private static final RowImage EMPTY = new RowImage(Layout.of(List.of()), new Object[0]);

    private final Layout layout;
    private final Object[] values;

    private RowImage(Layout layout, Object[] values) {
        this.layout = layout;
        this.values = values;
    }

    /** The empty image (the old image of an insert or delete). */
    public static RowImage empty() {
        return EMPTY;
    }

    /** {@code map} itself when it is a row image, else a sorted copy (a null column name is refused, as TreeMap does). */
    public static RowImage copyOf(Map<String, Object> map) {
        if (map instanceof RowImage r) {
            return r;
        }
        if (map.isEmpty()) {
            return EMPTY;
        }
        Layout layout = Layout.of(List.copyOf(map.keySet()));
        Object[] values = new Object[layout.size()];
        map.forEach((name, v) -> values[layout.indexOf(name)] = v);
        return new RowImage(layout, values);
    }

    /**
     * The sorted column names of a table's images, and where each column of the table's own (upstream)
     * order goes; a name given twice keeps one slot, which the later value fills, as in a map.
     */
    public static final class Layout {
        private final String[] names;
        private final List<String> nameList;
        private final int[] slotOfPosition;
        /** Upstream order is already name order: an image takes its value array as it is. */
        private final boolean sortedAlready;

        private Layout(String[] names, int[] slotOfPosition) {
            this.names = names;
            this.nameList = List.of(names);
            this.slotOfPosition = slotOfPosition;
            boolean identity = names.length == slotOfPosition.length;
            for (int i = 0; identity && i < slotOfPosition.length; i++) {
                identity = slotOfPosition[i] == i;
            }
            this.sortedAlready = identity;
        }

        /** The layout of images whose columns, in upstream order, are {@code columns}. */
        public static Layout of(List<String> columns) {
            String[] sorted = columns.stream().sorted().distinct().toArray(String[]::new);
            int[] slots = new int[columns.size()];
            for (int i = 0; i < slots.length; i++) {
                slots[i] = Arrays.binarySearch(sorted, columns.get(i));
            }
            return new Layout(sorted, slots);
        }

        /** The number of distinct columns. */
        public int size() {
            return names.length;
        }

        /** True when this is the layout of {@code columns} (upstream order), so it can serve them again. */
        public boolean fits(List<String> columns) {
            if (columns.size() != slotOfPosition.length) {
                return false;
            }
            for (int i = 0; i < slotOfPosition.length; i++) {
                if (!names[slotOfPosition[i]].equals(columns.get(i))) {
                    return false;
                }
            }
            return true;
        }

        /**
         * An image of this layout; {@code valuesByPosition[i]} is the value of column {@code i} in upstream
         * order. The image may keep the array: the caller must not write it afterwards.
         */
        public RowImage image(Object[] valuesByPosition) {
            if (valuesByPosition.length != slotOfPosition.length) {
                throw new IllegalArgumentException("an image of " + slotOfPosition.length + " columns " + nameList
                        + " got " + valuesByPosition.length + " values");
            }
            if (sortedAlready) {
                return new RowImage(this, valuesByPosition);
            }
            Object[] values = new Object[names.length];
            for (int i = 0; i < valuesByPosition.length; i++) {
                values[slotOfPosition[i]] = valuesByPosition[i];
            }
            return new RowImage(this, values);
        }

        int indexOf(Object name) {
            return name instanceof String s ? Arrays.binarySearch(names, s) : -1;
        }
    }

    /** The column names in order, as a list every image of the layout shares. */
    List<String> columns() {
        return layout.nameList;
    }

    /** The values in column-name order; shared, never to be written. */
    Object[] valueArray() {
        return values;
    }

    @Override
    public int size() {
        return values.length;
    }

    @Override
    public Object get(Object key) {
        int i = layout.indexOf(key);
        return i < 0 ? null : values[i];
    }

    @Override
    public boolean containsKey(Object key) {
        return layout.indexOf(key) >= 0;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super Object> action) {
        for (int i = 0; i < values.length; i++) {
            action.accept(layout.names[i], values[i]);
        }
    }

    @Override
    public Set<String> keySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return layout.nameList.iterator();
            }

            @Override
            public boolean contains(Object o) {
                return layout.indexOf(o) >= 0;
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }

    @Override
    public Collection<Object> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<Object> iterator() {
                return Arrays.asList(values).iterator();
            }

            @Override
            public int size() {
                return values.length;
            }

            @Override
            public Object[] toArray() {
                return values.clone();
            }
        };
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, Object>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < values.length;
                    }

                    @Override
                    public Map.Entry<String, Object> next() {
                        if (next >= values.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new AbstractMap.SimpleImmutableEntry<>(layout.names[i], values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        if (o instanceof RowImage r && r.layout == layout) {
            return Arrays.equals(values, r.values);
        }
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        // Map's contract: the sum over entries of key.hashCode() ^ value.hashCode().
        int h = 0;
        for (int i = 0; i < values.length; i++) {
            h += layout.names[i].hashCode() ^ Objects.hashCode(values[i]);
        }
        return h;
    }
}
