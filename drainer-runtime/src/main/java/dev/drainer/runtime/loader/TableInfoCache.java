package dev.drainer.runtime.loader;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Downstream table metadata read from information_schema, cached until the next DDL. */
final class TableInfoCache {
    /** By database, then table: a lookup per row change then builds no composite key. */
    private final Map<String, Map<String, TableInfo>> cache = new ConcurrentHashMap<>();

    TableInfo get(Connection c, String db, String table) throws SQLException {
        Map<String, TableInfo> tables = cache.computeIfAbsent(db, d -> new ConcurrentHashMap<>());
        TableInfo info = tables.get(table);
        if (info == null) {
            info = read(c, db, table);
            tables.put(table, info);
        }
        return info;
    }

    /** Forget everything: a DDL may have changed any table (renames, drops of whole databases). */
    void invalidate() {
        cache.clear();
    }

    private static TableInfo read(Connection c, String db, String table) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name FROM information_schema.columns"
                + " WHERE table_schema = ? AND table_name = ? AND COALESCE(generation_expression, '') = ''")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        if (columns.isEmpty()) {
            throw new SQLException("downstream table `" + db + "`.`" + table + "` does not exist or has no columns",
                    "42S02", 1146);
        }
        Map<String, List<String>> keys = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT index_name, column_name FROM information_schema.statistics"
                + " WHERE table_schema = ? AND table_name = ? AND non_unique = 0"
                + " ORDER BY index_name = 'PRIMARY' DESC, index_name, seq_in_index")) {
            ps.setString(1, db);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    keys.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
        }
        return new TableInfo(columns, new ArrayList<>(keys.values()));
    }
}
