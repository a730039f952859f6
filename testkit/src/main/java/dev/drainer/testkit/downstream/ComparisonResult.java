package dev.drainer.testkit.downstream;

import java.util.List;

/**
 * The outcome of comparing an expected state with an actual one: equal, or every difference found.
 *
 * @param differences all differences (empty when equal)
 * @param expectedRows rows in the expected state
 * @param actualRows rows in the actual state
 */
public record ComparisonResult(List<Difference> differences, int expectedRows, int actualRows) {
    /** How many differences {@link #report()} lists. */
    public static final int REPORT_LIMIT = 10;

    public ComparisonResult {
        differences = List.copyOf(differences);
    }

    public boolean isEqual() {
        return differences.isEmpty();
    }

    /** A readable report naming the first differences (table, key, column, expected vs actual). */
    public String report() {
        if (isEqual()) {
            return "equal (" + expectedRows + " rows)";
        }
        StringBuilder sb = new StringBuilder("actual state differs from expected in ").append(differences.size())
                .append(" place(s) (expected ").append(expectedRows).append(" rows, actual ").append(actualRows)
                .append(" rows)");
        differences.stream().limit(REPORT_LIMIT).forEach(d -> sb.append("\n  ").append(d));
        if (differences.size() > REPORT_LIMIT) {
            sb.append("\n  … and ").append(differences.size() - REPORT_LIMIT).append(" more");
        }
        return sb.toString();
    }

    /** Throws an AssertionError carrying {@link #report()} unless equal. */
    public void assertEqual() {
        if (!isEqual()) {
            throw new AssertionError(report());
        }
    }

    @Override
    public String toString() {
        return report();
    }
}
