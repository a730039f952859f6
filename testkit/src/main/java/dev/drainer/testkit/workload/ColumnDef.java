package dev.drainer.testkit.workload;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One column of a workload table.
 *
 * @param name column name (plain ASCII, never needs more than back-quoting)
 * @param type the MySQL type
 * @param unsigned UNSIGNED (integer types only)
 * @param length CHAR/VARCHAR/BINARY/VARBINARY length, BIT width, DECIMAL precision; 0 otherwise
 * @param scale DECIMAL scale, or the fractional-seconds precision of DATETIME/TIMESTAMP/TIME; 0 otherwise
 * @param elements ENUM/SET labels in definition order; empty otherwise
 * @param nullable whether NULL is allowed
 * @param defaultValue the explicit DEFAULT as a model value (see {@link ColumnType}), or null for
 *     none (a nullable column then defaults to NULL)
 */
public record ColumnDef(String name, ColumnType type, boolean unsigned, int length, int scale,
                        List<String> elements, boolean nullable, Object defaultValue) {

    public ColumnDef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        elements = List.copyOf(elements);
        if (unsigned && type.category() != ColumnType.Category.INTEGER) {
            throw new IllegalArgumentException(name + ": only integer types are UNSIGNED here");
        }
    }

    /** A nullable column without an explicit default. */
    public static ColumnDef of(String name, ColumnType type) {
        return new ColumnDef(name, type, false, 0, 0, List.of(), true, null);
    }

    /** A nullable UNSIGNED integer column. */
    public static ColumnDef unsignedOf(String name, ColumnType type) {
        return new ColumnDef(name, type, true, 0, 0, List.of(), true, null);
    }

    /** A nullable column with a length (CHAR/VARCHAR/BINARY/VARBINARY/BIT). */
    public static ColumnDef sized(String name, ColumnType type, int length) {
        return new ColumnDef(name, type, false, length, 0, List.of(), true, null);
    }

    /** A nullable DECIMAL(precision, scale). */
    public static ColumnDef decimal(String name, int precision, int scale) {
        return new ColumnDef(name, ColumnType.DECIMAL, false, precision, scale, List.of(), true, null);
    }

    /** A nullable DATETIME/TIMESTAMP/TIME with fractional-seconds precision {@code fsp}. */
    public static ColumnDef temporal(String name, ColumnType type, int fsp) {
        return new ColumnDef(name, type, false, 0, fsp, List.of(), true, null);
    }

    /** A nullable ENUM or SET with these labels. */
    public static ColumnDef labelled(String name, ColumnType type, List<String> labels) {
        return new ColumnDef(name, type, false, 0, 0, labels, true, null);
    }

    /** This column declared NOT NULL. */
    public ColumnDef notNull() {
        return new ColumnDef(name, type, unsigned, length, scale, elements, false, defaultValue);
    }

    /** This column with an explicit DEFAULT (a model value). */
    public ColumnDef withDefault(Object value) {
        return new ColumnDef(name, type, unsigned, length, scale, elements, nullable, value);
    }

    /** Fractional-seconds precision of DATETIME/TIMESTAMP/TIME columns. */
    public int fsp() {
        return scale;
    }

    /** The SQL type as written in DDL, e.g. {@code BIGINT UNSIGNED}, {@code DECIMAL(38,19)}, {@code ENUM('a','b')}. */
    public String sqlType() {
        String base = type.name();
        return switch (type) {
            case TINYINT, SMALLINT, MEDIUMINT, INT, BIGINT -> unsigned ? base + " UNSIGNED" : base;
            case DECIMAL -> "DECIMAL(" + length + "," + scale + ")";
            case DATETIME, TIMESTAMP, TIME -> scale > 0 ? base + "(" + scale + ")" : base;
            case CHAR, VARCHAR, BINARY, VARBINARY, BIT -> base + "(" + length + ")";
            case ENUM, SET -> base + "(" + String.join(",", elements.stream().map(SqlLiterals::quote).toList()) + ")";
            default -> base;
        };
    }

    /** The column definition as written in CREATE TABLE / ADD COLUMN. */
    public String sqlDefinition() {
        StringBuilder sb = new StringBuilder(SqlLiterals.ident(name)).append(' ').append(sqlType());
        // TIMESTAMP needs an explicit NULL: servers with explicit_defaults_for_timestamp=OFF would
        // otherwise make it NOT NULL with an auto-updating default.
        sb.append(nullable ? " NULL" : " NOT NULL");
        if (defaultValue != null) {
            sb.append(" DEFAULT ").append(SqlLiterals.literal(this, defaultValue));
        } else if (nullable && type == ColumnType.TIMESTAMP) {
            sb.append(" DEFAULT NULL");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return name + " " + sqlType().toLowerCase(Locale.ROOT) + (nullable ? "" : " not null");
    }
}
