package dev.drainer.runtime.loader;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders row changes as the Go drainer's SQL forms (spec 8.4), with safe mode (8.5): an insert
 * becomes REPLACE, an update becomes DELETE of the old image plus REPLACE of the new one.
 */
public final class SqlBuilder {
    private SqlBuilder() {
    }

    /** A backquoted identifier, backquotes doubled. */
    public static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    /** The statements that apply {@code dml} to a table described by {@code info}. */
    public static List<Statement> statements(Dml dml, TableInfo info, boolean safeMode) {
        switch (dml.type()) {
            case INSERT:
                return List.of(write(safeMode ? "REPLACE" : "INSERT", dml, dml.values()));
            case DELETE:
                return List.of(delete(dml, dml.values(), info));
            case UPDATE:
                if (safeMode) {
                    return List.of(delete(dml, dml.oldValues(), info), write("REPLACE", dml, dml.values()));
                }
                return List.of(update(dml, info));
            default:
                throw new IllegalStateException("unknown DML type " + dml.type());
        }
    }

    private static Statement write(String verb, Dml dml, Map<String, Object> values) {
        StringBuilder sql = new StringBuilder(verb).append(" INTO ").append(dml.quotedTable()).append('(');
        StringBuilder marks = new StringBuilder();
        List<Object> args = new ArrayList<>(values.size());
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!args.isEmpty()) {
                sql.append(',');
                marks.append(',');
            }
            sql.append(quote(e.getKey()));
            marks.append('?');
            args.add(e.getValue());
        }
        sql.append(") VALUES(").append(marks).append(')');
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
        List<String> columns = whereColumns(image, info);
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

    static List<String> whereColumns(Map<String, Object> image, TableInfo info) {
        for (List<String> key : info.uniqueKeys()) {
            if (key.stream().allMatch(c -> image.get(c) != null)) {
                return key;
            }
        }
        return new ArrayList<>(image.keySet());
    }
}
