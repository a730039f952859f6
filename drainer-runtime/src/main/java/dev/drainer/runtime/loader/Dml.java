package dev.drainer.runtime.loader;

import java.util.Map;
import java.util.Objects;

/**
 * One row change bound for the downstream. Values are JDBC-ready: null, Long, BigInteger (unsigned
 * values above 2^63-1), Double, String or byte[]; images are {@link RowImage}s, sorted by column name
 * because the Go drainer renders column lists in that order. A final class rather than a record only so
 * that it can keep its {@link Target}, whose quoted name every statement and key of the change needs.
 */
public final class Dml {
    private final Target target;
    private final DmlType type;
    private final RowImage values;
    private final RowImage oldValues;

    /** A table row changes go to, its quoted name built once for all of them. */
    public static final class Target {
        private final String database;
        private final String table;
        private final String quoted;

        private Target(String database, String table) {
            this.database = database;
            this.table = table;
            this.quoted = SqlBuilder.quote(database) + "." + SqlBuilder.quote(table);
        }

        public static Target of(String database, String table) {
            return new Target(database, table);
        }
    }

    /**
     * @param values    the new image (insert, update) or the deleted row; copied unless a {@link RowImage}
     * @param oldValues the old image of an update, empty otherwise
     */
    public Dml(Target target, DmlType type, Map<String, Object> values, Map<String, Object> oldValues) {
        this.target = target;
        this.type = type;
        this.values = RowImage.copyOf(values);
        this.oldValues = RowImage.copyOf(oldValues);
    }

    /** As the other constructor, for a table named here. */
    public Dml(String database, String table, DmlType type, Map<String, Object> values, Map<String, Object> oldValues) {
        this(Target.of(database, table), type, values, oldValues);
    }

    public String database() {
        return target.database;
    }

    public String table() {
        return target.table;
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
        return target.quoted;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dml d && database().equals(d.database()) && table().equals(d.table()) && type == d.type
                && values.equals(d.values) && oldValues.equals(d.oldValues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(database(), table(), type, values, oldValues);
    }

    @Override
    public String toString() {
        return "Dml[database=" + database() + ", table=" + table() + ", type=" + type + ", values=" + values
                + ", oldValues=" + oldValues + "]";
    }
}
