package dev.drainer.runtime.loader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns the row changes of one chunk (one downstream transaction) into statements.
 *
 * <p>Merged: every row change gets a level, one more than the highest level of an earlier change of
 * the chunk that shares a causality key with it (any unique key of either image, or the whole-row
 * CRC). Changes of one level touch pairwise different keys, so they commute, and every conflicting
 * pair keeps its order across levels. Levels run in order; inside a level the deletes run first, then
 * the updates, then the writes (which keeps a safe-mode update's DELETE before its REPLACE), each
 * kind merged per table into multi-row statements bounded by a byte budget and, for deletes and
 * updates, by {@link #MAX_ROWS_PER_STATEMENT}. A step without a usable (all non-NULL) unique key stays a one-row statement. A
 * safe-mode update that keeps the key its DELETE would select by needs only its REPLACE.
 *
 * <p>One-row: the Go drainer's statements, one per step, in order.
 */
final class ChunkPlanner {
    /**
     * Deletes: below MariaDB's in_predicate_conversion_threshold (1000), where an IN list turns into a
     * subquery; updates: one SELECT per row in the joined derived table; 1000 rows were within the noise of 256
     * (docs/loader.md). Writes have no row cap: a chunk
     * ({@code txn-batch}) and the byte budget bound them, and bigger INSERTs are cheaper per row.
     */
    static final int MAX_ROWS_PER_STATEMENT = 256;
    private static final int ROW_OVERHEAD_BYTES = 16;

    private ChunkPlanner() {
    }

    /**
     * @param byteBudget the most bytes one statement may take on the wire (a single step that is larger
     *                   still runs alone)
     */
    static List<PlannedStatement> plan(List<BoundDml> chunk, boolean safeMode, boolean multiRow, long byteBudget) {
        List<PlannedStatement> out = new ArrayList<>();
        if (!multiRow) {
            for (BoundDml b : chunk) {
                for (RowOp op : SqlBuilder.ops(b.dml(), safeMode)) {
                    out.add(new PlannedStatement(op.kind(), b.info(), List.of(op), null));
                }
            }
            return out;
        }
        List<Level> levels = new ArrayList<>();
        Map<CausalityKey, Integer> lastLevel = new HashMap<>();
        for (BoundDml b : chunk) {
            List<CausalityKey> keys = b.keys();
            int level = 0;
            for (CausalityKey k : keys) {
                Integer l = lastLevel.get(k);
                if (l != null) {
                    level = Math.max(level, l + 1);
                }
            }
            for (CausalityKey k : keys) {
                lastLevel.put(k, level);
            }
            if (level == levels.size()) {
                levels.add(new Level());
            }
            for (RowOp op : SqlBuilder.ops(b.dml(), safeMode)) {
                if (!redundantDelete(op, b)) {
                    levels.get(level).add(op, b.info());
                }
            }
        }
        for (Level l : levels) {
            l.render(out, byteBudget);
        }
        return out;
    }

    /**
     * The DELETE of a safe-mode update whose new image keeps the key the DELETE selects by: the
     * REPLACE that follows removes that row anyway, since it conflicts with it on that unique key.
     */
    private static boolean redundantDelete(RowOp op, BoundDml b) {
        if (op.kind() != RowOp.Kind.DELETE || b.dml().type() != DmlType.UPDATE) {
            return false;
        }
        List<String> key = SqlBuilder.usableKey(op.image(), b.info());
        if (key == null) {
            return false;
        }
        for (String c : key) {
            if (!sameValue(op.image().get(c), b.dml().values().get(c))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameValue(Object a, Object b) {
        return a instanceof byte[] x && b instanceof byte[] y ? Arrays.equals(x, y) : Objects.equals(a, b);
    }

    /**
     * Steps that merge: same verb, same table, same key they select the row by (deletes, updates) and same
     * columns written (writes, updates); an empty list where the verb has none.
     */
    private static final class GroupKey {
        final RowOp.Kind kind;
        final String table;
        final List<String> key;
        final List<String> columns;
        private final int hash;

        GroupKey(RowOp.Kind kind, String table, List<String> key, List<String> columns) {
            this.kind = kind;
            this.table = table;
            this.key = key;
            this.columns = columns;
            this.hash = Objects.hash(kind, table, key, columns);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        /**
         * Written out, not a record's: every step of a chunk looks its group up, and the table's name, its key and
         * an image layout's columns are usually the very same objects, which a record's generated equals would
         * still compare element by element.
         */
        @Override
        public boolean equals(Object o) {
            return o instanceof GroupKey g && hash == g.hash && kind == g.kind && same(table, g.table) && same(key, g.key)
                    && same(columns, g.columns);
        }

        private static boolean same(Object a, Object b) {
            return a == b || a.equals(b);
        }
    }

    /** The steps of one level, grouped into what may share a statement. */
    private static final class Level {
        private final Map<Object, Group> groups = new LinkedHashMap<>();

        void add(RowOp op, TableInfo info) {
            Object key = groupKey(op, info);
            groups.computeIfAbsent(key, k -> new Group(op.kind(), info, k instanceof GroupKey g ? g.key : null))
                    .ops.add(op);
        }

        /** A key shared by mergeable steps; a fresh object (a group of its own) for a one-row step. */
        private static Object groupKey(RowOp op, TableInfo info) {
            List<String> key = SqlBuilder.usableKey(op.image(), info);
            if (key == null) {
                return new Object();
            }
            return switch (op.kind()) {
                case INSERT, REPLACE -> new GroupKey(op.kind(), op.dml().quotedTable(), List.of(), op.image().columns());
                case DELETE -> new GroupKey(op.kind(), op.dml().quotedTable(), key, List.of());
                case UPDATE -> new GroupKey(op.kind(), op.dml().quotedTable(), key, op.dml().values().columns());
            };
        }

        void render(List<PlannedStatement> out, long byteBudget) {
            List<Group> ordered = new ArrayList<>(groups.values());
            ordered.sort(Comparator.comparingInt(g -> g.kind.ordinal()));
            for (Group g : ordered) {
                g.render(out, byteBudget);
            }
        }
    }

    private static final class Group {
        final RowOp.Kind kind;
        final TableInfo info;
        /** The key deletes and updates select rows by; null for a one-row group. */
        final List<String> key;
        final List<RowOp> ops = new ArrayList<>();

        Group(RowOp.Kind kind, TableInfo info, List<String> key) {
            this.kind = kind;
            this.info = info;
            this.key = key;
        }

        void render(List<PlannedStatement> out, long byteBudget) {
            int maxRows = kind == RowOp.Kind.DELETE || kind == RowOp.Kind.UPDATE ? MAX_ROWS_PER_STATEMENT
                    : Integer.MAX_VALUE;
            int start = 0;
            long bytes = 0;
            for (int i = 0; i < ops.size(); i++) {
                long b = estimate(ops.get(i));
                if (i > start && (i - start == maxRows || bytes + b > byteBudget)) {
                    out.add(statement(ops.subList(start, i)));
                    start = i;
                    bytes = 0;
                }
                bytes += b;
            }
            out.add(statement(ops.subList(start, ops.size())));
        }

        private PlannedStatement statement(List<RowOp> part) {
            return new PlannedStatement(kind, info, List.copyOf(part), key);
        }
    }

    /** An upper bound of the bytes a step adds to a statement once its values are inlined client-side. */
    static long estimate(RowOp op) {
        long n = ROW_OVERHEAD_BYTES;
        boolean update = op.kind() == RowOp.Kind.UPDATE;
        RowImage values = update ? op.dml().values() : op.image();
        for (int i = 0; i < values.size(); i++) {
            n += valueBytes(values.valueArray()[i]);
            if (update) {
                n += values.columns().get(i).length() + 8L;
            }
        }
        if (update) {
            n += op.dml().quotedTable().getBytes(StandardCharsets.UTF_8).length + 32L;
            for (Object v : op.image().valueArray()) {
                n += valueBytes(v) + 8L;
            }
        }
        return n;
    }

    private static long valueBytes(Object v) {
        if (v instanceof String s) {
            // UTF-8 takes at most 3 bytes per UTF-16 unit; escaping only doubles one-byte characters.
            return 3L * s.length() + 2;
        }
        if (v instanceof Utf8Text t) {
            return 2L * t.length() + 2;
        }
        if (v instanceof byte[] b) {
            return 2L * b.length + 10;
        }
        return 24;
    }
}
