package dev.drainer.runtime.loader;

import java.util.Map;
import java.util.Objects;

/**
 * One row change bound for the downstream. Values are JDBC-ready: null, Long, BigInteger (unsigned
 * values above 2^63-1), Double, String or byte[]; images are {@link RowImage}s, sorted by column name
 * because the Go drainer renders column lists in that order. A final class rather than a record only so
 * that it can keep its quoted table name, which every statement and key of the change needs.
 */
public final class Dml {
    private final String database;
    private final String table;
    private final DmlType type;
    private final RowImage values;
    private final RowImage oldValues;
    /** Computed on first use; a race computes it twice, harmlessly (String is immutable). */
    private String quotedTable;

    /**
     * @param values    the new image (insert, update) or the deleted row; copied unless a {@link RowImage}
     * @param oldValues the old image of an update, empty otherwise
     */
    public Dml(String database, String table, DmlType type, Map<String, Object> values, Map<String, Object> oldValues) {
        this.database = database;
        this.table = table;
        this.type = type;
        this.values = RowImage.copyOf(values);
        this.oldValues = RowImage.copyOf(oldValues);
    }

    public String database() {
        return database;
    }

    public String table() {
        return table;
    }

    public DmlType type() {
        return type;
    }

    public RowImage values() {
        return values;
    }

    public RowImage oldValues() {
        return oldValues;
    }

    /** {@code `db`.`table`}, as it appears in SQL and causality keys. */
    public String quotedTable() {
        String q = quotedTable;
        if (q == null) {
            q = SqlBuilder.quote(database) + "." + SqlBuilder.quote(table);
            quotedTable = q;
        }
        return q;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dml d && Objects.equals(database, d.database) && Objects.equals(table, d.table) && type == d.type
                && values.equals(d.values) && oldValues.equals(d.oldValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(database, table, type, values, oldValues);
    }

    @Override
    public String toString() {
        return "Dml[database=" + database + ", table=" + table + ", type=" + type + ", values=" + values
                + ", oldValues=" + oldValues + "]";
    }
}
