package dev.drainer.testkit.workload;

import com.google.protobuf.ByteString;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The mutable model of a database: tables, rows and unique indexes, maintained change by change with
 * every constraint checked, and the running content hash.
 *
 * <p>Constraints are checked after every single row change, not only at commit: a replayer that
 * executes a transaction statement by statement must never hit a duplicate key.
 */
final class ModelState {
    private final String schema;
    private final boolean trackHash;
    private final Map<String, ModelTable> tables = new LinkedHashMap<>();
    private long hash;

    /** A model; {@code trackHash} maintains {@link #hash()} (costly: one digest per row image). */
    ModelState(String schema, boolean trackHash) {
        this.schema = schema;
        this.trackHash = trackHash;
    }

    long hash() {
        if (!trackHash) {
            throw new IllegalStateException("this model does not track its hash");
        }
        return hash;
    }

    ModelTable table(String name) {
        return tables.get(name);
    }

    Collection<ModelTable> tables() {
        return tables.values();
    }

    void apply(Transaction t) {
        if (t.isDdl()) {
            apply(t.ddl());
        } else {
            for (RowChange c : t.changes()) {
                apply(c);
            }
        }
    }

    void apply(Ddl d) {
        ModelTable t = tables.get(d.table());
        if (d.kind() != Ddl.Kind.CREATE_TABLE) {
            require(t, d);
            hash -= t.hash();
        }
        switch (d.kind()) {
            case CREATE_TABLE -> {
                if (t != null) {
                    throw new IllegalStateException("CREATE TABLE " + d.table() + ": exists");
                }
                t = new ModelTable(d.tableAfter(), trackHash);
                tables.put(d.table(), t);
            }
            case ADD_COLUMN -> {
                Object dflt = d.tableAfter().columns().get(d.tableAfter().columns().size() - 1).defaultValue();
                t.redefine(d.tableAfter(), row -> {
                    row.add(dflt);
                    return row;
                });
            }
            case DROP_COLUMN -> {
                int gone = droppedColumn(t.def, d.tableAfter());
                t.redefine(d.tableAfter(), row -> {
                    row.remove(gone);
                    return row;
                });
            }
            // The content hash covers names, columns and rows only: an index changes none of them.
            case ADD_INDEX -> t.def = d.tableAfter();
            case RENAME_TABLE -> {
                if (tables.containsKey(d.tableNameAfter())) {
                    throw new IllegalStateException(d.sql() + ": " + d.tableNameAfter() + " exists");
                }
                tables.remove(d.table());
                t.redefine(d.tableAfter(), row -> row);
                tables.put(d.tableNameAfter(), t);
            }
            case DROP_TABLE -> {
                tables.remove(d.table());
                return;
            }
            case TRUNCATE_TABLE -> t.clear();
        }
        hash += t.hash();
    }

    private static int droppedColumn(TableDef before, TableDef after) {
        for (int i = 0; i < before.columns().size(); i++) {
            if (after.columnIndex(before.columns().get(i).name()) < 0) {
                return i;
            }
        }
        throw new IllegalStateException(before.name() + ": DROP COLUMN removes no column");
    }

    private static void require(ModelTable t, Ddl d) {
        if (t == null) {
            throw new IllegalStateException(d.sql() + ": no such table");
        }
    }

    /** Why {@code c} cannot be applied now, or null if it can. */
    String violation(RowChange c) {
        ModelTable t = tables.get(c.tableName());
        if (t == null) {
            return "no table " + c.tableName();
        }
        if (!t.def.equals(c.table())) {
            return c.tableName() + ": change made against an outdated definition";
        }
        return t.violation(c);
    }

    void apply(RowChange c) {
        String v = violation(c);
        if (v != null) {
            throw new IllegalStateException(v + " in " + c);
        }
        ModelTable t = tables.get(c.tableName());
        hash -= t.rowsHash;
        t.apply(c);
        hash += t.rowsHash;
    }

    /** An immutable copy of the current contents. */
    DatabaseState snapshot() {
        Map<String, TableContent> m = new LinkedHashMap<>();
        for (ModelTable t : tables.values()) {
            m.put(t.def.name(), new TableContent(t.def, t.rows));
        }
        return new DatabaseState(schema, m);
    }

    /** One table of the model. */
    static final class ModelTable {
        TableDef def;
        final LinkedHashMap<List<Object>, List<Object>> rows = new LinkedHashMap<>();
        /** Per unique key (primary first): collation-normalized key tuple → identity key of the row holding it. */
        final List<Map<List<Object>, List<Object>>> uniqueIndexes = new ArrayList<>();
        /** Identity keys in an array, for uniformly random picks in O(1). */
        final ArrayList<List<Object>> keyList = new ArrayList<>();
        final HashMap<List<Object>, Integer> keyPos = new HashMap<>();
        final boolean trackHash;
        long rowsHash;

        ModelTable(TableDef def, boolean trackHash) {
            this.def = def;
            this.trackHash = trackHash;
            for (int i = 0; i < def.allUniqueKeys().size(); i++) {
                uniqueIndexes.add(new HashMap<>());
            }
        }

        long hash() {
            return trackHash ? ContentHash.table(def.name(), def.columns()) + rowsHash : 0;
        }

        private long rowHash(List<Object> row) {
            return trackHash ? ContentHash.row(def.name(), def.columns(), row) : 0;
        }

        List<Object> row(List<Object> key) {
            return rows.get(key);
        }

        void clear() {
            rows.clear();
            uniqueIndexes.forEach(Map::clear);
            keyList.clear();
            keyPos.clear();
            rowsHash = 0;
        }

        /** The table under a new definition, every row reshaped by {@code reshape} (given a mutable copy); keys are unchanged. */
        void redefine(TableDef after, java.util.function.UnaryOperator<List<Object>> reshape) {
            List<Map.Entry<List<Object>, List<Object>>> old = new ArrayList<>(rows.entrySet());
            def = after;
            rowsHash = 0;
            for (Map.Entry<List<Object>, List<Object>> e : old) {
                List<Object> frozen = java.util.Collections.unmodifiableList(reshape.apply(new ArrayList<>(e.getValue())));
                rows.put(e.getKey(), frozen);
                rowsHash += rowHash(frozen);
            }
        }

        String violation(RowChange c) {
            List<Object> oldKey = c.oldRow() == null ? null : def.keyOf(c.oldRow());
            if (c.oldRow() != null) {
                List<Object> current = rows.get(oldKey);
                if (current == null) {
                    return def.name() + ": no row with key " + oldKey;
                }
                if (!current.equals(c.oldRow())) {
                    return def.name() + ": old image " + c.oldRow() + " differs from the current row " + current;
                }
            }
            if (c.newRow() == null) {
                return null;
            }
            String bad = badValues(c.newRow());
            if (bad != null) {
                return def.name() + ": " + bad;
            }
            List<Object> newKey = def.keyOf(c.newRow());
            List<UniqueKey> keys = def.allUniqueKeys();
            for (int k = 0; k < keys.size(); k++) {
                List<Object> tuple = uniqueTuple(keys.get(k), c.newRow());
                if (tuple == null) {
                    continue;
                }
                List<Object> holder = uniqueIndexes.get(k).get(tuple);
                if (holder != null && !holder.equals(oldKey)) {
                    return def.name() + ": duplicate " + tuple + " for key " + keys.get(k).name() + " (held by row " + holder + ")";
                }
            }
            if (c.type() == ChangeType.INSERT && rows.containsKey(newKey)) {
                return def.name() + ": duplicate identity key " + newKey;
            }
            return null;
        }

        private String badValues(List<Object> row) {
            for (int i = 0; i < def.columns().size(); i++) {
                ColumnDef col = def.columns().get(i);
                Object v = row.get(i);
                if (v == null) {
                    if (!col.nullable()) {
                        return "NULL in NOT NULL column " + col.name();
                    }
                } else if (!expectedClass(col.type()).isInstance(v)) {
                    return col.name() + " holds a " + v.getClass().getSimpleName() + ", not a "
                            + expectedClass(col.type()).getSimpleName();
                }
            }
            return null;
        }

        static Class<?> expectedClass(ColumnType t) {
            return switch (t) {
                case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT -> BigInteger.class;
                case FLOAT -> Float.class;
                case DOUBLE -> Double.class;
                case DECIMAL -> BigDecimal.class;
                case DATE -> LocalDate.class;
                case DATETIME, TIMESTAMP -> LocalDateTime.class;
                case TIME -> Duration.class;
                case YEAR -> Integer.class;
                case CHAR, VARCHAR, TEXT, ENUM, SET, JSON -> String.class;
                case BINARY, VARBINARY, BLOB -> ByteString.class;
                case BIT -> Long.class;
            };
        }

        /** The key tuple as the collation compares it, or null if a column is NULL (NULLs never collide). */
        private List<Object> uniqueTuple(UniqueKey k, List<Object> row) {
            List<Object> tuple = new ArrayList<>();
            for (String col : k.columns()) {
                Object v = row.get(def.columnIndex(col));
                if (v == null) {
                    return null;
                }
                // PAD SPACE collations ignore trailing spaces; lower-casing on top is stricter than
                // utf8mb4_bin needs, but keeps the model safe under a case-insensitive downstream too.
                tuple.add(v instanceof String s ? stripTrailingSpaces(s).toLowerCase(Locale.ROOT) : v);
            }
            return tuple;
        }

        private static String stripTrailingSpaces(String s) {
            int end = s.length();
            while (end > 0 && s.charAt(end - 1) == ' ') {
                end--;
            }
            return s.substring(0, end);
        }

        void apply(RowChange c) {
            if (c.oldRow() != null) {
                remove(def.keyOf(c.oldRow()));
            }
            if (c.newRow() != null) {
                add(c.newRow());
            }
        }

        private void remove(List<Object> key) {
            List<Object> row = rows.remove(key);
            List<UniqueKey> keys = def.allUniqueKeys();
            for (int k = 0; k < keys.size(); k++) {
                List<Object> tuple = uniqueTuple(keys.get(k), row);
                if (tuple != null) {
                    uniqueIndexes.get(k).remove(tuple);
                }
            }
            int pos = keyPos.remove(key);
            List<Object> last = keyList.remove(keyList.size() - 1);
            if (pos < keyList.size()) {
                keyList.set(pos, last);
                keyPos.put(last, pos);
            }
            rowsHash -= rowHash(row);
        }

        private void add(List<Object> row) {
            List<Object> key = def.keyOf(row);
            rows.put(key, row);
            List<UniqueKey> keys = def.allUniqueKeys();
            for (int k = 0; k < keys.size(); k++) {
                List<Object> tuple = uniqueTuple(keys.get(k), row);
                if (tuple != null) {
                    uniqueIndexes.get(k).put(tuple, key);
                }
            }
            keyPos.put(key, keyList.size());
            keyList.add(key);
            rowsHash += rowHash(row);
        }
    }
}
