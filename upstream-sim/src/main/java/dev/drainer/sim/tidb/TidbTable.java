package dev.drainer.sim.tidb;

import dev.drainer.testkit.workload.ColumnDef;
import dev.drainer.testkit.workload.ColumnType;
import dev.drainer.testkit.workload.TableDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One upstream table as TiDB holds it: its id, column ids, how rows are identified (int PK handle,
 * clustered common handle, or {@code _tidb_rowid}) and, for the latter, the row ids in use.
 */
final class TidbTable {
    /** How a table's rows are keyed in TiKV. */
    enum Handle { INT_PK, COMMON, ROW_ID }

    final long id;
    final TableDef def;
    final List<Long> columnIds;
    final long maxColumnId;
    final Handle handle;
    /** Identity key → {@code _tidb_rowid}, for ROW_ID tables. */
    final Map<List<Object>, Long> rowIds;
    /** Columns added by ALTER TABLE: only they have an {@code origin_default} (what older rows read as). */
    final Set<String> added;
    long nextRowId;

    private TidbTable(long id, TableDef def, List<Long> columnIds, long maxColumnId, Map<List<Object>, Long> rowIds,
                      Set<String> added, long nextRowId) {
        this.id = id;
        this.def = def;
        this.columnIds = List.copyOf(columnIds);
        this.maxColumnId = maxColumnId;
        this.handle = handleOf(def);
        this.rowIds = rowIds;
        this.added = Set.copyOf(added);
        this.nextRowId = nextRowId;
    }

    static TidbTable created(long id, TableDef def) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < def.columns().size(); i++) {
            ids.add(i + 1L);
        }
        return new TidbTable(id, def, ids, ids.size(), new HashMap<>(), Set.of(), 1);
    }

    /** After ADD COLUMN: the new column takes the next column id; rows keep their row ids. */
    TidbTable withColumnAdded(TableDef after) {
        List<Long> ids = new ArrayList<>(columnIds);
        ids.add(maxColumnId + 1);
        Set<String> withNew = new HashSet<>(added);
        withNew.add(after.columns().get(after.columns().size() - 1).name());
        return new TidbTable(id, after, ids, maxColumnId + 1, rowIds, withNew, nextRowId);
    }

    /** After DROP COLUMN: the column's id goes and is never reused ({@code max_col_id} stays). */
    TidbTable withColumnDropped(TableDef after) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < def.columns().size(); i++) {
            if (after.columnIndex(def.columns().get(i).name()) >= 0) {
                ids.add(columnIds.get(i));
            }
        }
        Set<String> left = new HashSet<>(added);
        left.retainAll(after.columnNames());
        return new TidbTable(id, after, ids, maxColumnId, rowIds, left, nextRowId);
    }

    /** After a DDL that keeps the table id, columns and rows (ADD INDEX, RENAME TABLE). */
    TidbTable redefined(TableDef after) {
        return new TidbTable(id, after, columnIds, maxColumnId, rowIds, added, nextRowId);
    }

    /** After TRUNCATE TABLE: a new table id, no rows. */
    TidbTable truncated(long newId) {
        return new TidbTable(newId, def, columnIds, maxColumnId, new HashMap<>(), added, 1);
    }

    /** A single integer primary key is the row handle; any other primary key is clustered (TiDB 5.0+ default). */
    private static Handle handleOf(TableDef def) {
        if (def.primaryKey() == null) {
            return Handle.ROW_ID;
        }
        List<String> pk = def.primaryKey().columns();
        if (pk.size() == 1 && def.column(pk.get(0)).type().category() == ColumnType.Category.INTEGER) {
            return Handle.INT_PK;
        }
        return Handle.COMMON;
    }

    boolean hasOriginDefault(ColumnDef c) {
        return added.contains(c.name()) && c.defaultValue() != null;
    }

    boolean isPrimaryKeyColumn(ColumnDef c) {
        return def.primaryKey() != null && def.primaryKey().columns().contains(c.name());
    }

    /**
     * Whether TiDB leaves the column out of an inserted row's record ({@code CanSkip}): the int handle
     * column, clustered-PK columns the key restores fully (not VARCHAR/TEXT: PAD SPACE collations need
     * restored data), and NULLs of columns without any default.
     */
    boolean skippedInRecord(ColumnDef c, Object value) {
        if (handle == Handle.INT_PK && isPrimaryKeyColumn(c)) {
            return true;
        }
        if (handle == Handle.COMMON && isPrimaryKeyColumn(c) && c.type() != ColumnType.VARCHAR && c.type() != ColumnType.TEXT) {
            return true;
        }
        return value == null && c.defaultValue() == null && !hasOriginDefault(c);
    }
}
