package dev.drainer.runtime.schema;

import java.util.List;

/** An index of a {@link TableInfo} ({@code index_info}): name, columns with prefix lengths, unique/primary. */
public record IndexInfo(String name, List<IndexColumn> columns, boolean unique, boolean primary) {
    public IndexInfo {
        columns = List.copyOf(columns);
    }

    /**
     * @param length the prefix length, or -1 ({@code types.UnspecifiedLength}) for the whole column
     */
    public record IndexColumn(String name, int offset, int length) {
    }
}
