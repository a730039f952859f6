package dev.drainer.runtime.loader;

import java.util.Arrays;
import java.util.List;

/**
 * One conflict key of a row change: the non-NULL columns of one unique key with their values, or the
 * whole row when an image yields no key, on one table. Two keys are equal exactly when the Go drainer's
 * key strings ({@code (col: value)…`db`.`t`}) are, for values of one Java type per column (what the
 * translator gives); {@code byte[]} compare by content. Kept as values rather than formatted text, so a
 * key costs one small array.
 */
final class CausalityKey {
    private final String quotedTable;
    private final List<String> columns;
    private final Object[] values;
    /** A whole-row key never equals a unique key's, as a CRC never equals a {@code (col: value)} string. */
    private final boolean wholeRow;
    private final int hash;

    private CausalityKey(String quotedTable, List<String> columns, Object[] values, boolean wholeRow) {
        this.quotedTable = quotedTable;
        this.columns = columns;
        this.values = values;
        this.wholeRow = wholeRow;
        int h = quotedTable.hashCode() * 31 + columns.hashCode();
        for (Object v : values) {
            h = h * 31 + (v instanceof byte[] b ? Arrays.hashCode(b) : v == null ? 0 : v.hashCode());
        }
        this.hash = wholeRow ? ~h : h;
    }

    /** The key of unique key {@code columns} with their non-NULL {@code values}, in key order. */
    static CausalityKey unique(String quotedTable, List<String> columns, Object[] values) {
        return new CausalityKey(quotedTable, columns, values, false);
    }

    /** The key of a row without a usable unique key: every column, NULLs included. */
    static CausalityKey wholeRow(String quotedTable, RowImage image) {
        return new CausalityKey(quotedTable, image.columns(), image.valueArray(), true);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CausalityKey k) || hash != k.hash || wholeRow != k.wholeRow || values.length != k.values.length
                || !quotedTable.equals(k.quotedTable) || !columns.equals(k.columns)) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            Object a = values[i];
            Object b = k.values[i];
            if (a instanceof byte[] x ? !(b instanceof byte[] y && Arrays.equals(x, y)) : a == null ? b != null : !a.equals(b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    /** The Go drainer's form, for logs and tests: {@code (col: value)…`db`.`t`}, or the whole row's. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(wholeRow ? "row" : "");
        for (int i = 0; i < values.length; i++) {
            sb.append('(').append(columns.get(i)).append(": ").append(CausalityKeys.format(values[i])).append(')');
        }
        return sb.append(quotedTable).toString();
    }
}
