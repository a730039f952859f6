package dev.drainer.config;

import java.util.Objects;

/** A {@code {db-name, tbl-name}} pattern of ignore-table / replicate-do-table (a leading {@code ~} means regex). */
public record TableName(String schema, String table) {
    public TableName {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
    }
}
