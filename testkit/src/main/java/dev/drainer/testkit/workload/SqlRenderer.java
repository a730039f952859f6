package dev.drainer.testkit.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Renders workload transactions as plain SQL statements with literal values (the model's own reference form). */
public final class SqlRenderer {
    private SqlRenderer() {
    }

    /** The statements of one transaction: {@code USE schema} + the DDL, or one statement per row change. */
    public static List<String> statements(Transaction t) {
        if (t.isDdl()) {
            return List.of("USE " + SqlLiterals.ident(t.ddl().schema()), t.ddl().sql());
        }
        List<String> out = new ArrayList<>();
        for (RowChange c : t.changes()) {
            out.add(statement(c));
        }
        return out;
    }

    /** One row change as INSERT, UPDATE or DELETE; updates and deletes locate the row by its identity key. */
    public static String statement(RowChange c) {
        TableDef def = c.table();
        String table = SqlLiterals.qualified(def.schema(), def.name());
        return switch (c.type()) {
            case INSERT -> "INSERT INTO " + table + " (" + def.columns().stream().map(col -> SqlLiterals.ident(col.name()))
                    .collect(Collectors.joining(",")) + ") VALUES (" + literals(def, c.newRow()) + ")";
            case UPDATE -> "UPDATE " + table + " SET " + assignments(def, c.newRow()) + " WHERE " + where(def, c.oldRow());
            case DELETE -> "DELETE FROM " + table + " WHERE " + where(def, c.oldRow());
        };
    }

    private static String literals(TableDef def, List<Object> row) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            out.add(SqlLiterals.literal(def.columns().get(i), row.get(i)));
        }
        return String.join(",", out);
    }

    private static String assignments(TableDef def, List<Object> row) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < row.size(); i++) {
            ColumnDef c = def.columns().get(i);
            out.add(SqlLiterals.ident(c.name()) + "=" + SqlLiterals.literal(c, row.get(i)));
        }
        return String.join(",", out);
    }

    private static String where(TableDef def, List<Object> row) {
        List<String> out = new ArrayList<>();
        for (int p : def.identityPositions()) {
            ColumnDef c = def.columns().get(p);
            out.add(SqlLiterals.ident(c.name()) + "=" + SqlLiterals.literal(c, row.get(p)));
        }
        return String.join(" AND ", out);
    }
}
