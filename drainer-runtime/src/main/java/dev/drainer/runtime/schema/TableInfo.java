package dev.drainer.runtime.schema;

import java.util.List;

/** A table's schema (TiDB {@code model.TableInfo}, the fields the drainer uses, spec §3.2). */
public record TableInfo(long id, String name, List<ColumnInfo> columns, List<IndexInfo> indices, boolean pkIsHandle,
                        boolean isCommonHandle) {
    public TableInfo {
        columns = List.copyOf(columns);
        indices = List.copyOf(indices);
    }

    /** The column of an int-handle table that is the handle, or null. */
    public ColumnInfo handleColumn() {
        if (!pkIsHandle) {
            return null;
        }
        return columns.stream().filter(c -> c.type().primaryKey()).findFirst().orElse(null);
    }

    /** The primary index, or null. */
    public IndexInfo primaryIndex() {
        return indices.stream().filter(IndexInfo::primary).findFirst().orElse(null);
    }
}
