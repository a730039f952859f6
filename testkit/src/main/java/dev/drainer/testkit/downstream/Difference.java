package dev.drainer.testkit.downstream;

/**
 * One way an actual state differs from the expected one.
 *
 * @param kind what differs
 * @param table table name
 * @param key the row's identity key, e.g. {@code (id=5)}; empty for table-level differences
 * @param column the column for cell and column differences, else empty
 * @param expected the expected value / row / column set, rendered
 * @param actual the actual value / row / column set, rendered
 */
public record Difference(Kind kind, String table, String key, String column, String expected, String actual) {

    /** What kind of difference. */
    public enum Kind { MISSING_TABLE, EXTRA_TABLE, MISSING_COLUMN, EXTRA_COLUMN, MISSING_ROW, EXTRA_ROW, CELL }

    @Override
    public String toString() {
        String where = table + (key.isEmpty() ? "" : " " + key);
        return switch (kind) {
            case MISSING_TABLE -> where + ": table missing (expected " + expected + ")";
            case EXTRA_TABLE -> where + ": unexpected table (actual " + actual + ")";
            case MISSING_COLUMN -> where + ": column " + column + " missing";
            case EXTRA_COLUMN -> where + ": unexpected column " + column;
            case MISSING_ROW -> where + ": row missing; expected " + expected;
            case EXTRA_ROW -> where + ": unexpected row " + actual;
            case CELL -> where + " column " + column + ": expected " + expected + ", actual " + actual;
        };
    }
}
