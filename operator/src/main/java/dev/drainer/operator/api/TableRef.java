package dev.drainer.operator.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** A schema.table pair of a filter. */
public class TableRef {
    @Required
    @JsonPropertyDescription("Schema name.")
    public String schema;

    @Required
    @JsonPropertyDescription("Table name.")
    public String table;
}
