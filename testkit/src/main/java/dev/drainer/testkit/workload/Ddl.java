package dev.drainer.testkit.workload;

import java.util.Objects;

/**
 * A DDL statement of the workload, with what the model needs to apply it.
 *
 * @param kind what the statement does
 * @param schema the database it runs in ({@code USE schema} first)
 * @param table the table it concerns
 * @param sql the statement text as TiDB would record it (table name unqualified)
 * @param tableAfter the table's definition after the statement
 */
public record Ddl(Kind kind, String schema, String table, String sql, TableDef tableAfter) {

    /** The DDL statements workloads contain. */
    public enum Kind {
        /** CREATE TABLE: the table appears empty. */
        CREATE_TABLE,
        /** ALTER TABLE ... ADD COLUMN: existing rows get the new column's default. */
        ADD_COLUMN,
        /** TRUNCATE TABLE: every row goes. */
        TRUNCATE_TABLE
    }

    public Ddl {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(tableAfter, "tableAfter");
    }

    public static Ddl createTable(TableDef def) {
        return new Ddl(Kind.CREATE_TABLE, def.schema(), def.name(), def.createTableSql(), def);
    }

    public static Ddl addColumn(TableDef before, ColumnDef column) {
        return new Ddl(Kind.ADD_COLUMN, before.schema(), before.name(), "ALTER TABLE " + SqlLiterals.ident(before.name())
                + " ADD COLUMN " + column.sqlDefinition(), before.withColumn(column));
    }

    public static Ddl truncate(TableDef def) {
        return new Ddl(Kind.TRUNCATE_TABLE, def.schema(), def.name(), "TRUNCATE TABLE " + SqlLiterals.ident(def.name()), def);
    }
}
