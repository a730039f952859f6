package dev.drainer.testkit.workload;

import java.util.Objects;

/**
 * A DDL statement of the workload, with what the model needs to apply it.
 *
 * @param kind what the statement does
 * @param schema the database it runs in ({@code USE schema} first)
 * @param table the table it concerns, by its name before the statement (RENAME TABLE: the old name)
 * @param sql the statement text as TiDB would record it (table name unqualified)
 * @param tableAfter the table's definition after the statement; for DROP TABLE the definition it had
 */
public record Ddl(Kind kind, String schema, String table, String sql, TableDef tableAfter) {

    /** The DDL statements workloads contain. The first three are in every workload, the others opt-in ({@link WorkloadSpec#ddlKinds()}). */
    public enum Kind {
        /** CREATE TABLE: the table appears empty. */
        CREATE_TABLE,
        /** ALTER TABLE ... ADD COLUMN: existing rows get the new column's default. */
        ADD_COLUMN,
        /** TRUNCATE TABLE: every row goes. */
        TRUNCATE_TABLE,
        /** ALTER TABLE ... DROP COLUMN: the column leaves every row (never a key or indexed column). */
        DROP_COLUMN,
        /** ALTER TABLE ... ADD INDEX: a non-unique secondary index; rows are unchanged. */
        ADD_INDEX,
        /** RENAME TABLE: the table and its rows move to the new name. */
        RENAME_TABLE,
        /** DROP TABLE: the table and its rows go. */
        DROP_TABLE
    }

    public Ddl {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(tableAfter, "tableAfter");
    }

    /** The table's name after the statement: the new name of a RENAME TABLE, else {@link #table()}. */
    public String tableNameAfter() {
        return tableAfter.name();
    }

    public static Ddl createTable(TableDef def) {
        return new Ddl(Kind.CREATE_TABLE, def.schema(), def.name(), def.createTableSql(), def);
    }

    public static Ddl addColumn(TableDef before, ColumnDef column) {
        return new Ddl(Kind.ADD_COLUMN, before.schema(), before.name(), alter(before) + " ADD COLUMN " + column.sqlDefinition(),
                before.withColumn(column));
    }

    public static Ddl truncate(TableDef def) {
        return new Ddl(Kind.TRUNCATE_TABLE, def.schema(), def.name(), "TRUNCATE TABLE " + SqlLiterals.ident(def.name()), def);
    }

    public static Ddl dropColumn(TableDef before, String column) {
        return new Ddl(Kind.DROP_COLUMN, before.schema(), before.name(), alter(before) + " DROP COLUMN "
                + SqlLiterals.ident(column), before.withoutColumn(column));
    }

    public static Ddl addIndex(TableDef before, SecondaryIndex index) {
        return new Ddl(Kind.ADD_INDEX, before.schema(), before.name(), alter(before) + " ADD INDEX "
                + SqlLiterals.ident(index.name()) + " (" + TableDef.identList(index.columns()) + ")", before.withIndex(index));
    }

    public static Ddl renameTable(TableDef before, String newName) {
        return new Ddl(Kind.RENAME_TABLE, before.schema(), before.name(), "RENAME TABLE " + SqlLiterals.ident(before.name())
                + " TO " + SqlLiterals.ident(newName), before.renamed(newName));
    }

    public static Ddl dropTable(TableDef def) {
        return new Ddl(Kind.DROP_TABLE, def.schema(), def.name(), "DROP TABLE " + SqlLiterals.ident(def.name()), def);
    }

    private static String alter(TableDef t) {
        return "ALTER TABLE " + SqlLiterals.ident(t.name());
    }
}
