package dev.drainer.testkit.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The definition of one workload table at some point of the workload (tables change with ALTER TABLE).
 *
 * @param schema database name
 * @param name table name
 * @param columns columns in table order
 * @param primaryKey the primary key, or null for a table without one
 * @param uniqueKeys the secondary unique keys in definition order
 * @param indexes the non-unique secondary indexes in the order they were added
 */
public record TableDef(String schema, String name, List<ColumnDef> columns, UniqueKey primaryKey,
                       List<UniqueKey> uniqueKeys, List<SecondaryIndex> indexes) {

    public TableDef {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
        columns = List.copyOf(columns);
        uniqueKeys = List.copyOf(uniqueKeys);
        indexes = List.copyOf(indexes);
        for (UniqueKey k : allUniqueKeys(primaryKey, uniqueKeys)) {
            requireColumns(name, columns, "key " + k.name(), k.columns());
        }
        for (SecondaryIndex i : indexes) {
            requireColumns(name, columns, "index " + i.name(), i.columns());
        }
        if (identityKey(primaryKey, uniqueKeys, columns) == null) {
            throw new IllegalArgumentException(name + ": needs a primary key or a unique key over NOT NULL columns");
        }
    }

    /** A table without secondary indexes. */
    public TableDef(String schema, String name, List<ColumnDef> columns, UniqueKey primaryKey, List<UniqueKey> uniqueKeys) {
        this(schema, name, columns, primaryKey, uniqueKeys, List.of());
    }

    private static void requireColumns(String table, List<ColumnDef> columns, String what, List<String> names) {
        for (String c : names) {
            if (columns.stream().noneMatch(col -> col.name().equals(c))) {
                throw new IllegalArgumentException(table + ": " + what + " names unknown column " + c);
            }
        }
    }

    /** Position of a column, or -1. */
    public int columnIndex(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }

    /** The column named so; throws if there is none. */
    public ColumnDef column(String column) {
        int i = columnIndex(column);
        if (i < 0) {
            throw new IllegalArgumentException(name + " has no column " + column);
        }
        return columns.get(i);
    }

    public List<String> columnNames() {
        return columns.stream().map(ColumnDef::name).toList();
    }

    /** The primary key first, then every secondary unique key. */
    public List<UniqueKey> allUniqueKeys() {
        return allUniqueKeys(primaryKey, uniqueKeys);
    }

    private static List<UniqueKey> allUniqueKeys(UniqueKey pk, List<UniqueKey> uks) {
        List<UniqueKey> all = new ArrayList<>();
        if (pk != null) {
            all.add(pk);
        }
        all.addAll(uks);
        return all;
    }

    /** The key rows are identified by: the primary key, else the first unique key over NOT NULL columns. */
    public UniqueKey identityKey() {
        return identityKey(primaryKey, uniqueKeys, columns);
    }

    private static UniqueKey identityKey(UniqueKey pk, List<UniqueKey> uks, List<ColumnDef> columns) {
        if (pk != null) {
            return pk;
        }
        for (UniqueKey k : uks) {
            boolean allNotNull = k.columns().stream().allMatch(c -> columns.stream()
                    .anyMatch(col -> col.name().equals(c) && !col.nullable()));
            if (allNotNull) {
                return k;
            }
        }
        return null;
    }

    /** Positions of the identity key's columns. */
    public int[] identityPositions() {
        return identityKey().columns().stream().mapToInt(this::columnIndex).toArray();
    }

    /** The identity key values of a row (a full row image in column order). */
    public List<Object> keyOf(List<Object> row) {
        List<Object> key = new ArrayList<>();
        for (int p : identityPositions()) {
            key.add(row.get(p));
        }
        return key;
    }

    /** This table with one more column at the end (what ALTER TABLE ... ADD COLUMN does). */
    public TableDef withColumn(ColumnDef c) {
        if (columnIndex(c.name()) >= 0) {
            throw new IllegalArgumentException(name + " already has column " + c.name());
        }
        List<ColumnDef> cols = new ArrayList<>(columns);
        cols.add(c);
        return new TableDef(schema, name, cols, primaryKey, uniqueKeys, indexes);
    }

    /** This table without the named column (what ALTER TABLE ... DROP COLUMN does); key and index columns cannot go. */
    public TableDef withoutColumn(String column) {
        int i = columnIndex(column);
        if (i < 0) {
            throw new IllegalArgumentException(name + " has no column " + column + " to drop");
        }
        if (indexed(column)) {
            throw new IllegalArgumentException(name + ": column " + column + " is in a key or index; TiDB refuses to drop it");
        }
        List<ColumnDef> cols = new ArrayList<>(columns);
        cols.remove(i);
        return new TableDef(schema, name, cols, primaryKey, uniqueKeys, indexes);
    }

    /** Whether a unique key or a secondary index covers the column. */
    public boolean indexed(String column) {
        return allUniqueKeys().stream().anyMatch(k -> k.columns().contains(column))
                || indexes.stream().anyMatch(x -> x.columns().contains(column));
    }

    /** This table with one more secondary index (what ALTER TABLE ... ADD INDEX does). */
    public TableDef withIndex(SecondaryIndex index) {
        if (indexes.stream().anyMatch(x -> x.name().equals(index.name()))) {
            throw new IllegalArgumentException(name + " already has index " + index.name());
        }
        List<SecondaryIndex> all = new ArrayList<>(indexes);
        all.add(index);
        return new TableDef(schema, name, columns, primaryKey, uniqueKeys, all);
    }

    /** This table under another name (what RENAME TABLE does). */
    public TableDef renamed(String newName) {
        return new TableDef(schema, newName, columns, primaryKey, uniqueKeys, indexes);
    }

    /** The CREATE TABLE statement (unqualified table name: it runs after {@code USE schema}, as TiDB's DDL text would). */
    public String createTableSql() {
        List<String> parts = new ArrayList<>();
        for (ColumnDef c : columns) {
            parts.add(c.sqlDefinition());
        }
        if (primaryKey != null) {
            parts.add("PRIMARY KEY (" + identList(primaryKey.columns()) + ")");
        }
        for (UniqueKey k : uniqueKeys) {
            parts.add("UNIQUE KEY " + SqlLiterals.ident(k.name()) + " (" + identList(k.columns()) + ")");
        }
        for (SecondaryIndex i : indexes) {
            parts.add("KEY " + SqlLiterals.ident(i.name()) + " (" + identList(i.columns()) + ")");
        }
        // utf8mb4_bin is TiDB's default collation; spelling it out makes MariaDB compare like TiDB.
        return "CREATE TABLE " + SqlLiterals.ident(name) + " (\n  " + String.join(",\n  ", parts)
                + "\n) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
    }

    static String identList(List<String> names) {
        return names.stream().map(SqlLiterals::ident).collect(Collectors.joining(","));
    }
}
