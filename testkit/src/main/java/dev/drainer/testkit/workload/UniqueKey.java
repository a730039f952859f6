package dev.drainer.testkit.workload;

import java.util.List;

/**
 * A unique index (or the primary key, named {@value #PRIMARY}) over some columns.
 *
 * @param name index name; {@value #PRIMARY} for the primary key
 * @param columns column names in index order
 */
public record UniqueKey(String name, List<String> columns) {
    /** The name MySQL and TiDB give the primary key. */
    public static final String PRIMARY = "PRIMARY";

    public UniqueKey {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("unique key " + name + " has no columns");
        }
    }

    public boolean isPrimary() {
        return PRIMARY.equals(name);
    }
}
