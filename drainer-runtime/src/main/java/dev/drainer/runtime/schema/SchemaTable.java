package dev.drainer.runtime.schema;

/** The (database, table) names a table id or a DDL's schema version stands for; table is empty for database DDLs. */
public record SchemaTable(String schema, String table) {
}
