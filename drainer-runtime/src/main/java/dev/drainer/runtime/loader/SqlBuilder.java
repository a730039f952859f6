package dev.drainer.runtime.loader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders row changes as the Go drainer's SQL forms (spec 8.4), with safe mode (8.5): an insert
 * becomes REPLACE, an update becomes DELETE of the old image plus REPLACE of the new one; and the
 * multi-row forms of the same statements that the loader merges rows into (docs/loader.md).
 */
public final class SqlBuilder {
    private SqlBuilder() {
    }

    /** A backquoted identifier, backquotes doubled. */
    public static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** The one-row statements that apply {@code dml} to a table described by {@code info}. */
    public static List<Statement> statements(Dml dml, TableInfo info, boolean safeMode) {
        return ops(dml, safeMode).stream().map(op -> oneRow(new Statement.Template(), op, info).statement()).toList();
    }

    /** The statement-sized steps of a row change, in the order they must run (spec 8.5). */
    static List<RowOp> ops(Dml dml, boolean safeMode) {
        return switch (dml.type()) {
            case INSERT -> List.of(new RowOp(safeMode ? RowOp.Kind.REPLACE : RowOp.Kind.INSERT, dml, dml.values()));
            case DELETE -> List.of(new RowOp(RowOp.Kind.DELETE, dml, dml.values()));
            case UPDATE -> safeMode
                    ? List.of(new RowOp(RowOp.Kind.DELETE, dml, dml.oldValues()),
                            new RowOp(RowOp.Kind.REPLACE, dml, dml.values()))
                    : List.of(new RowOp(RowOp.Kind.UPDATE, dml, dml.oldValues()));
        };
    }

    /** The Go drainer's statement for one step. */
    static <E extends Exception, S extends SqlSink<E>> S oneRow(S out, RowOp op, TableInfo info) throws E {
        return switch (op.kind()) {
            case INSERT, REPLACE -> writeRows(out, op.kind(), op.dml().quotedTable(), List.of(op.image()));
            case DELETE -> delete(out, op.dml(), op.image(), info);
            case UPDATE -> update(out, op.dml(), info);
        };
    }

    /**
     * {@code INSERT|REPLACE INTO t(cols) VALUES(…),(…)}; every image has the same columns in the same order. With
     * one image this is exactly the Go drainer's form.
     */
    static <E extends Exception, S extends SqlSink<E>> S writeRows(S out, RowOp.Kind verb, String quotedTable,
                                                                    List<? extends Map<String, Object>> images) throws E {
        out.sql(verb.name()).sql(" INTO ").sql(quotedTable).sql('(');
        boolean firstCol = true;
        for (String col : images.get(0).keySet()) {
            if (!firstCol) {
                out.sql(',');
            }
            out.sql(quote(col));
            firstCol = false;
        }
        out.sql(") VALUES");
        for (int i = 0; i < images.size(); i++) {
            out.sql(i == 0 ? "(" : ",(");
            boolean first = true;
            for (Object v : images.get(i).values()) {
                if (!first) {
                    out.sql(',');
                }
                out.value(v);
                first = false;
            }
            out.sql(')');
        }
        return out;
    }

    /**
     * {@code DELETE FROM t WHERE `k` IN (?,…)}, or {@code (`k1`,`k2`) IN ((?,?),…)} for a composite
     * key; {@code key} is non-NULL in every image, so IN matches exactly the rows the one-row
     * deletes would.
     */
    static <E extends Exception, S extends SqlSink<E>> S deleteRows(S out, String quotedTable, List<String> key,
                                                                     List<? extends Map<String, Object>> images) throws E {
        out.sql("DELETE FROM ").sql(quotedTable).sql(" WHERE ");
        boolean composite = key.size() > 1;
        if (composite) {
            out.sql('(');
        }
        for (int i = 0; i < key.size(); i++) {
            if (i > 0) {
                out.sql(',');
            }
            out.sql(quote(key.get(i)));
        }
        out.sql(composite ? ") IN (" : " IN (");
        for (int i = 0; i < images.size(); i++) {
            if (i > 0) {
                out.sql(',');
            }
            if (composite) {
                out.sql('(');
            }
            for (int k = 0; k < key.size(); k++) {
                if (k > 0) {
                    out.sql(',');
                }
                out.value(images.get(i).get(key.get(k)));
            }
            if (composite) {
                out.sql(')');
            }
        }
        out.sql(')');
        return out;
    }

    /**
     * Updates of one table merged into one multi-table UPDATE: the table joined on its old {@code key}
     * with a derived table of each row's old key and new values ({@code UNION ALL} of one-row SELECTs,
     * which MySQL, MariaDB and TiDB all parse). Per row it does what the Go drainer's {@code UPDATE … WHERE
     * <old key> LIMIT 1} does: a missing row matches nothing and stays missing, a new value taken by another
     * row fails the statement (1062), and columns that exist only downstream keep their values. Every
     * row has {@code key} non-NULL in its old image and the same new-image columns; the rows touch pairwise
     * different keys (one merge level), so the order the server joins them in does not matter.
     */
    static <E extends Exception, S extends SqlSink<E>> S updateRows(S out, String quotedTable, List<String> key,
                                                                     List<RowOp> ops) throws E {
        List<String> columns = ops.get(0).dml().values().columns();
        out.sql("UPDATE ").sql(quotedTable).sql(" AS `_t` JOIN (");
        for (int r = 0; r < ops.size(); r++) {
            RowOp op = ops.get(r);
            out.sql(r == 0 ? "SELECT " : " UNION ALL SELECT ");
            for (int i = 0; i < key.size(); i++) {
                if (i > 0) {
                    out.sql(',');
                }
                out.value(op.image().get(key.get(i)));
                if (r == 0) {
                    out.sql(" AS `_k").sql(Integer.toString(i)).sql('`');
                }
            }
            int i = 0;
            for (Object v : op.dml().values().values()) {
                out.sql(',').value(v);
                if (r == 0) {
                    out.sql(" AS `_v").sql(Integer.toString(i++)).sql('`');
                }
            }
        }
        out.sql(") AS `_v` ON ");
        for (int i = 0; i < key.size(); i++) {
            out.sql(i == 0 ? "" : " AND ").sql("`_t`.").sql(quote(key.get(i))).sql(" = `_v`.`_k")
                    .sql(Integer.toString(i)).sql('`');
        }
        out.sql(" SET ");
        for (int i = 0; i < columns.size(); i++) {
            out.sql(i == 0 ? "" : ",").sql("`_t`.").sql(quote(columns.get(i))).sql(" = `_v`.`_v")
                    .sql(Integer.toString(i)).sql('`');
        }
        return out;
    }

    private static <E extends Exception, S extends SqlSink<E>> S update(S out, Dml dml, TableInfo info) throws E {
        out.sql("UPDATE ").sql(dml.quotedTable()).sql(" SET ");
        boolean first = true;
        for (Map.Entry<String, Object> e : dml.values().entrySet()) {
            if (!first) {
                out.sql(',');
            }
            out.sql(quote(e.getKey())).sql(" = ").value(e.getValue());
            first = false;
        }
        out.sql(" WHERE ");
        where(out, dml.oldValues(), info);
        out.sql(" LIMIT 1");
        return out;
    }

    private static <E extends Exception, S extends SqlSink<E>> S delete(S out, Dml dml, Map<String, Object> image,
                                                                         TableInfo info) throws E {
        out.sql("DELETE FROM ").sql(dml.quotedTable()).sql(" WHERE ");
        where(out, image, info);
        out.sql(" LIMIT 1");
        return out;
    }

    /** The first unique key whose columns are all non-NULL in {@code image}, else every column. */
    private static <E extends Exception> void where(SqlSink<E> out, Map<String, Object> image, TableInfo info) throws E {
        List<String> key = usableKey(image, info);
        List<String> columns = key != null ? key : new ArrayList<>(image.keySet());
        boolean first = true;
        for (String col : columns) {
            if (!first) {
                out.sql(" AND ");
            }
            first = false;
            Object v = image.get(col);
            if (v == null) {
                out.sql(quote(col)).sql(" IS NULL");
            } else {
                out.sql(quote(col)).sql(" = ").value(v);
            }
        }
    }

    /**
     * The first unique key (PRIMARY first) whose columns are all present and non-NULL in {@code image}, or null:
     * not an Optional, since every step of a merged chunk asks and the allocation was visible in profiles.
     */
    static List<String> usableKey(Map<String, Object> image, TableInfo info) {
        for (List<String> key : info.uniqueKeys()) {
            if (nonNull(key, image)) {
                return key;
            }
        }
        return null;
    }

    private static boolean nonNull(List<String> columns, Map<String, Object> image) {
        for (String c : columns) {
            if (image.get(c) == null) {
                return false;
            }
        }
        return true;
    }
}
