package dev.drainer.testkit.workload;

import java.util.List;

/**
 * A non-unique secondary index (what {@code ALTER TABLE ... ADD INDEX} creates); it constrains no row.
 *
 * @param name index name
 * @param columns column names in index order
 */
public record SecondaryIndex(String name, List<String> columns) {

    public SecondaryIndex {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("index " + name + " has no columns");
        }
    }
}
