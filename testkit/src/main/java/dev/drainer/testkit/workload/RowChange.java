package dev.drainer.testkit.workload;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One row change of a DML transaction. Row images are full rows in the column order of {@code table}
 * (the table's definition when the transaction commits); unmodifiable, may contain nulls.
 *
 * @param table the table definition the images follow
 * @param type insert, update or delete
 * @param oldRow the row before the change (update, delete), else null
 * @param newRow the row after the change (insert, update), else null
 */
public record RowChange(TableDef table, ChangeType type, List<Object> oldRow, List<Object> newRow) {

    public RowChange {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(type, "type");
        if ((type == ChangeType.INSERT) != (oldRow == null) || (type == ChangeType.DELETE) != (newRow == null)) {
            throw new IllegalArgumentException(type + " with old=" + oldRow + " new=" + newRow);
        }
        oldRow = frozen(oldRow, table);
        newRow = frozen(newRow, table);
    }

    private static List<Object> frozen(List<Object> row, TableDef table) {
        if (row == null) {
            return null;
        }
        if (row.size() != table.columns().size()) {
            throw new IllegalArgumentException(table.name() + ": row has " + row.size() + " values for "
                    + table.columns().size() + " columns");
        }
        // List.copyOf rejects nulls, and SQL NULLs are nulls here.
        return Collections.unmodifiableList(new java.util.ArrayList<>(row));
    }

    public static RowChange insert(TableDef table, List<Object> row) {
        return new RowChange(table, ChangeType.INSERT, null, row);
    }

    public static RowChange update(TableDef table, List<Object> oldRow, List<Object> newRow) {
        return new RowChange(table, ChangeType.UPDATE, oldRow, newRow);
    }

    public static RowChange delete(TableDef table, List<Object> row) {
        return new RowChange(table, ChangeType.DELETE, row, null);
    }

    /** The row as the binlog carries it for insert/delete, or the new image of an update. */
    public List<Object> row() {
        return newRow != null ? newRow : oldRow;
    }

    public String tableName() {
        return table.name();
    }
}
