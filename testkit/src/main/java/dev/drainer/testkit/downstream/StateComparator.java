package dev.drainer.testkit.downstream;

import dev.drainer.testkit.workload.ColumnDef;
import dev.drainer.testkit.workload.DatabaseState;
import dev.drainer.testkit.workload.TableContent;
import dev.drainer.testkit.workload.TableDef;
import dev.drainer.testkit.workload.Values;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Compares an expected state with an actual one: every table, every column of every row, type-aware. */
public final class StateComparator {
    private static final int ROW_DISPLAY_COLUMNS = 6;

    private StateComparator() {
    }

    /** Equal, or the list of differences (see {@link ComparisonResult#report()}). */
    public static ComparisonResult compare(DatabaseState expected, DatabaseState actual) {
        List<Difference> diffs = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(expected.tables().keySet());
        names.addAll(actual.tables().keySet());
        for (String name : names) {
            TableContent e = expected.table(name);
            TableContent a = actual.table(name);
            if (a == null) {
                diffs.add(new Difference(Difference.Kind.MISSING_TABLE, name, "", "", e.rows().size() + " rows", ""));
            } else if (e == null) {
                diffs.add(new Difference(Difference.Kind.EXTRA_TABLE, name, "", "", "", a.rows().size() + " rows"));
            } else {
                compareTable(e, a, diffs);
            }
        }
        return new ComparisonResult(diffs, expected.rowCount(), actual.rowCount());
    }

    private static void compareTable(TableContent e, TableContent a, List<Difference> diffs) {
        String table = e.name();
        List<ColumnDef> common = new ArrayList<>();
        for (ColumnDef col : e.def().columns()) {
            if (a.def().columnIndex(col.name()) < 0) {
                diffs.add(new Difference(Difference.Kind.MISSING_COLUMN, table, "", col.name(), "", ""));
            } else {
                common.add(col);
            }
        }
        for (ColumnDef col : a.def().columns()) {
            if (e.def().columnIndex(col.name()) < 0) {
                diffs.add(new Difference(Difference.Kind.EXTRA_COLUMN, table, "", col.name(), "", ""));
            }
        }
        Map<List<String>, List<Object>> actualRows = byCanonicalKey(a);
        Map<List<String>, List<Object>> expectedRows = byCanonicalKey(e);
        for (Map.Entry<List<String>, List<Object>> en : expectedRows.entrySet()) {
            List<Object> er = en.getValue();
            List<Object> ar = actualRows.get(en.getKey());
            String key = keyText(e.def(), er);
            if (ar == null) {
                diffs.add(new Difference(Difference.Kind.MISSING_ROW, table, key, "", rowText(e.def(), er), ""));
                continue;
            }
            for (ColumnDef col : common) {
                Object ev = er.get(e.def().columnIndex(col.name()));
                Object av = ar.get(a.def().columnIndex(col.name()));
                if (!Values.same(col, ev, av)) {
                    diffs.add(new Difference(Difference.Kind.CELL, table, key, col.name(), Values.display(col, ev),
                            Values.display(col, av)));
                }
            }
        }
        for (Map.Entry<List<String>, List<Object>> en : actualRows.entrySet()) {
            if (!expectedRows.containsKey(en.getKey())) {
                List<Object> ar = en.getValue();
                diffs.add(new Difference(Difference.Kind.EXTRA_ROW, table, keyText(a.def(), ar), "", "",
                        rowText(a.def(), ar)));
            }
        }
    }

    /** Rows keyed by the canonical form of their identity key, so e.g. 1.50 and 1.5 meet. */
    private static Map<List<String>, List<Object>> byCanonicalKey(TableContent t) {
        Map<List<String>, List<Object>> m = new LinkedHashMap<>();
        int[] pos = t.def().identityPositions();
        for (List<Object> row : t.rows().values()) {
            List<String> key = new ArrayList<>();
            for (int p : pos) {
                key.add(Values.canonical(t.def().columns().get(p), row.get(p)));
            }
            m.put(key, row);
        }
        return m;
    }

    private static String keyText(TableDef def, List<Object> row) {
        List<String> parts = new ArrayList<>();
        for (int p : def.identityPositions()) {
            ColumnDef c = def.columns().get(p);
            parts.add(c.name() + "=" + Values.display(c, row.get(p)));
        }
        return "(" + String.join(", ", parts) + ")";
    }

    private static String rowText(TableDef def, List<Object> row) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < row.size() && i < ROW_DISPLAY_COLUMNS; i++) {
            ColumnDef c = def.columns().get(i);
            parts.add(c.name() + "=" + Values.display(c, row.get(i)));
        }
        if (row.size() > ROW_DISPLAY_COLUMNS) {
            parts.add("… " + (row.size() - ROW_DISPLAY_COLUMNS) + " more columns");
        }
        return "{" + String.join(", ", parts) + "}";
    }
}
