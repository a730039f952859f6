package dev.drainer.runtime.loader;

import java.util.List;
import java.util.Set;

/**
 * What the loader needs to know of a downstream table.
 *
 * @param columns    the regular (non-generated) columns
 * @param uniqueKeys every unique key as its column list, PRIMARY first, columns in index order
 */
public record TableInfo(Set<String> columns, List<List<String>> uniqueKeys) {
    public TableInfo {
        columns = Set.copyOf(columns);
        uniqueKeys = uniqueKeys.stream().map(List::copyOf).toList();
    }
}
