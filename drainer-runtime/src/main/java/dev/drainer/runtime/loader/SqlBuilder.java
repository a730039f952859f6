package dev.drainer.runtime.loader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        return ops(dml, safeMode).stream().map(op -> oneRow(op, info)).toList();
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
    static Statement oneRow(RowOp op, TableInfo info) {
        return switch (op.kind()) {
            case INSERT, REPLACE -> writeRows(op.kind(), op.dml().quotedTable(), List.of(op.image()));
            case DELETE -> delete(op.dml(), op.image(), info);
            case UPDATE -> update(op.dml(), info);
        };
    }

    /**
     * {@code INSERT|REPLACE INTO t(cols) VALUES(…),(…)}; every image has the same columns. With one
     * image this is exactly the Go drainer's form.
     */
    static Statement writeRows(RowOp.Kind verb, String quotedTable, List<? extends Map<String, Object>> images) {
        StringBuilder sql = new StringBuilder(verb.name()).append(" INTO ").append(quotedTable).append('(');
        Map<String, Object> first = images.get(0);
        String marks = "(" + "?,".repeat(first.size() - 1) + "?)";
        boolean firstCol = true;
        for (String col : first.keySet()) {
            sql.append(firstCol ? "" : ",").append(quote(col));
            firstCol = false;
        }
        sql.append(") VALUES");
        List<Object> args = new ArrayList<>(images.size() * first.size());
        for (int i = 0; i < images.size(); i++) {
            sql.append(i == 0 ? "" : ",").append(marks);
            args.addAll(images.get(i).values());
        }
        return new Statement(sql.toString(), args);
    }

    /**
     * {@code DELETE FROM t WHERE `k` IN (?,…)}, or {@code (`k1`,`k2`) IN ((?,?),…)} for a composite
     * key; {@code key} is non-NULL in every image, so IN matches exactly the rows the one-row
     * deletes would.
     */
    static Statement deleteRows(String quotedTable, List<String> key, List<? extends Map<String, Object>> images) {
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(quotedTable).append(" WHERE ");
        boolean composite = key.size() > 1;
        String tuple = composite ? "(" + "?,".repeat(key.size() - 1) + "?)" : "?";
        if (composite) {
            sql.append('(');
        }
        for (int i = 0; i < key.size(); i++) {
            sql.append(i == 0 ? "" : ",").append(quote(key.get(i)));
        }
        sql.append(composite ? ") IN (" : " IN (");
        List<Object> args = new ArrayList<>(images.size() * key.size());
        for (int i = 0; i < images.size(); i++) {
            sql.append(i == 0 ? "" : ",").append(tuple);
            for (String col : key) {
                args.add(images.get(i).get(col));
            }
        }
        return new Statement(sql.append(')').toString(), args);
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
    static Statement updateRows(String quotedTable, List<String> key, List<RowOp> ops) {
        List<String> columns = ops.get(0).dml().values().columns();
        StringBuilder sql = new StringBuilder("UPDATE ").append(quotedTable).append(" AS `_t` JOIN (SELECT ");
        for (int i = 0; i < key.size(); i++) {
            sql.append(i == 0 ? "" : ",").append("? AS `_k").append(i).append('`');
        }
        for (int i = 0; i < columns.size(); i++) {
            sql.append(",? AS `_v").append(i).append('`');
        }
        String nextRow = " UNION ALL SELECT ?" + ",?".repeat(key.size() + columns.size() - 1);
        sql.append(nextRow.repeat(ops.size() - 1)).append(") AS `_v` ON ");
        for (int i = 0; i < key.size(); i++) {
            sql.append(i == 0 ? "" : " AND ").append("`_t`.").append(quote(key.get(i))).append(" = `_v`.`_k").append(i).append('`');
        }
        sql.append(" SET ");
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ",").append("`_t`.").append(quote(columns.get(i))).append(" = `_v`.`_v").append(i).append('`');
        }
        List<Object> args = new ArrayList<>(ops.size() * (key.size() + columns.size()));
        for (RowOp op : ops) {
            for (String k : key) {
                args.add(op.image().get(k));
            }
            args.addAll(op.dml().values().values());
        }
        return new Statement(sql.toString(), args);
    }

    private static Statement update(Dml dml, TableInfo info) {
        StringBuilder sql = new StringBuilder("UPDATE ").append(dml.quotedTable()).append(" SET ");
        List<Object> args = new ArrayList<>();
        for (Map.Entry<String, Object> e : dml.values().entrySet()) {
            if (!args.isEmpty()) {
                sql.append(',');
            }
            sql.append(quote(e.getKey())).append(" = ?");
            args.add(e.getValue());
        }
        sql.append(" WHERE ");
        where(sql, args, dml.oldValues(), info);
        return new Statement(sql.append(" LIMIT 1").toString(), args);
    }

    private static Statement delete(Dml dml, Map<String, Object> image, TableInfo info) {
        StringBuilder sql = new StringBuilder("DELETE FROM ").append(dml.quotedTable()).append(" WHERE ");
        List<Object> args = new ArrayList<>();
        where(sql, args, image, info);
        return new Statement(sql.append(" LIMIT 1").toString(), args);
    }

    /** The first unique key whose columns are all non-NULL in {@code image}, else every column. */
    private static void where(StringBuilder sql, List<Object> args, Map<String, Object> image, TableInfo info) {
        List<String> columns = usableKey(image, info).orElseGet(() -> new ArrayList<>(image.keySet()));
        boolean first = true;
        for (String col : columns) {
            if (!first) {
                sql.append(" AND ");
            }
            first = false;
            Object v = image.get(col);
            if (v == null) {
                sql.append(quote(col)).append(" IS NULL");
            } else {
                sql.append(quote(col)).append(" = ?");
                args.add(v);
            }
        }
    }

    /** The first unique key (PRIMARY first) whose columns are all present and non-NULL in {@code image}. */
    static Optional<List<String>> usableKey(Map<String, Object> image, TableInfo info) {
        for (List<String> key : info.uniqueKeys()) {
            if (nonNull(key, image)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
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
