package dev.drainer.runtime.loader;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One row change bound for the downstream. Values are JDBC-ready: null, Long, BigInteger (unsigned
 * values above 2^63-1), Double, String or byte[]; maps are sorted by column name because the Go
 * drainer renders column lists in that order.
 *
 * @param oldValues the old image of an update, empty otherwise
 */
public record Dml(String database, String table, DmlType type, Map<String, Object> values,
                  Map<String, Object> oldValues) {
    public Dml {
        values = Collections.unmodifiableMap(new TreeMap<>(values));
        oldValues = Collections.unmodifiableMap(new TreeMap<>(oldValues));
    }

    /** {@code `db`.`table`}, as it appears in SQL and causality keys. */
    public String quotedTable() {
        return SqlBuilder.quote(database) + "." + SqlBuilder.quote(table);
    }
}
