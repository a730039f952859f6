package dev.drainer.runtime.loader;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One statement of a chunk with the row steps it carries, so that a refusal can name the table,
 * the verb and the rows' keys.
 *
 * @param key the unique key a multi-row DELETE or UPDATE selects its rows by (empty for writes); null for a step
 *            that has no usable key and so runs alone
 */
record PlannedStatement(RowOp.Kind kind, TableInfo info, List<RowOp> ops, List<String> key) {
    private static final int SHOWN_ROWS = 5;
    private static final int SHOWN_VALUE_CHARS = 40;

    /** Writes the statement to {@code out}: a single step's one-row form, else its kind's multi-row form. */
    <E extends Exception, S extends SqlSink<E>> S writeTo(S out) throws E {
        if (ops.size() == 1) {
            return SqlBuilder.oneRow(out, ops.get(0), info);
        }
        return switch (kind) {
            case INSERT, REPLACE -> SqlBuilder.writeRows(out, kind, table(), images());
            case DELETE -> SqlBuilder.deleteRows(out, table(), key, images());
            case UPDATE -> SqlBuilder.updateRows(out, table(), key, ops);
        };
    }

    /** The statement with {@code ?} placeholders and its arguments (messages, tests). */
    Statement statement() {
        return writeTo(new Statement.Template()).statement();
    }

    private List<RowImage> images() {
        return ops.stream().map(RowOp::image).toList();
    }

    int rows() {
        return ops.size();
    }

    String table() {
        return ops.get(0).dml().quotedTable();
    }

    /** The identifying values of the first few rows, e.g. {@code [(id=1), (id=2), … 18 more]}, values truncated. */
    String keys() {
        StringJoiner out = new StringJoiner(", ", "[", "]");
        for (int i = 0; i < Math.min(SHOWN_ROWS, ops.size()); i++) {
            Map<String, Object> image = ops.get(i).image();
            List<String> key = SqlBuilder.usableKey(image, info);
            List<String> cols = key != null ? key : List.copyOf(image.keySet());
            StringJoiner row = new StringJoiner(",", "(", ")");
            for (String c : cols) {
                row.add(c + "=" + shown(image.get(c)));
            }
            out.add(row.toString());
        }
        if (ops.size() > SHOWN_ROWS) {
            out.add("… " + (ops.size() - SHOWN_ROWS) + " more");
        }
        return out.toString();
    }

    private static String shown(Object v) {
        String s = CausalityKeys.format(v);
        return s.length() <= SHOWN_VALUE_CHARS ? s : s.substring(0, SHOWN_VALUE_CHARS) + "…";
    }
}
