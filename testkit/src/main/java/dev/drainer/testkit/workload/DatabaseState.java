package dev.drainer.testkit.workload;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The contents of every workload table of one database, expected (from the model) or actual (read
 * downstream); tables absent from the map do not exist.
 *
 * @param schema database name
 * @param tables table name → contents, sorted by name
 */
public record DatabaseState(String schema, Map<String, TableContent> tables) {

    public DatabaseState {
        tables = Collections.unmodifiableMap(new TreeMap<>(tables));
    }

    /** The order-independent content hash, comparable with {@link Oracle#hashAt(long)}. */
    public long contentHash() {
        long h = 0;
        for (TableContent t : tables.values()) {
            h += t.contentHash();
        }
        return h;
    }

    /** The total number of rows. */
    public int rowCount() {
        return tables.values().stream().mapToInt(t -> t.rows().size()).sum();
    }

    /** The table's contents, or null if it does not exist. */
    public TableContent table(String name) {
        return tables.get(name);
    }
}
