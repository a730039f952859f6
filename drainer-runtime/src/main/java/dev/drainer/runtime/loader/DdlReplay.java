package dev.drainer.runtime.loader;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a DDL's error means its effect is already downstream, so the DDL counts as
 * applied: what a replay meets after a crash between the DDL and the checkpoint save that follows
 * it. Each accepted error is tied to the statement kind whose replay raises it; the same code from
 * another kind is a real divergence and fails (docs/loader.md, "DDL errors that count as applied").
 */
final class DdlReplay {
    private static final String NAME = "(?:`(?:[^`]|``)+`|[\\w$]+)";
    private static final Pattern NAME_PART = Pattern.compile(NAME);
    private static final String QUALIFIED = NAME + "(?:\\s*\\.\\s*" + NAME + ")?";
    private static final Pattern RENAME_TABLE = Pattern.compile("^\\s*RENAME\\s+TABLES?\\s+(.+?)\\s*;?\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern RENAME_PAIR = Pattern.compile("\\s*(" + QUALIFIED + ")\\s+TO\\s+(" + QUALIFIED + ")\\s*(?:,|$)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ALTER_RENAME = Pattern.compile("^\\s*ALTER\\s+TABLE\\s+(" + QUALIFIED
            + ")\\s+RENAME\\s+(?:TO\\s+|AS\\s+)?(" + QUALIFIED + ")\\s*;?\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_OBJECT = Pattern.compile(
            "^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:TEMPORARY\\s+)?(?:TABLE|VIEW|SEQUENCE)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_DATABASE = Pattern.compile("^\\s*CREATE\\s+(?:DATABASE|SCHEMA)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DROP_OBJECT = Pattern.compile("^\\s*DROP\\s+(?:TEMPORARY\\s+)?(?:TABLE|VIEW|SEQUENCE)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DROP_DATABASE = Pattern.compile("^\\s*DROP\\s+(?:DATABASE|SCHEMA)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern ALTER_TABLE = Pattern.compile("^\\s*ALTER\\s+(?:ONLINE\\s+|IGNORE\\s+)*TABLE\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_INDEX = Pattern.compile(
            "^\\s*CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:UNIQUE\\s+|FULLTEXT\\s+|SPATIAL\\s+)?INDEX\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern DROP_INDEX = Pattern.compile("^\\s*DROP\\s+INDEX\\b", Pattern.CASE_INSENSITIVE);
    /** Clauses that name an existing column as well as a new one: a duplicate there is no replay. */
    private static final Pattern COLUMN_RENAMING = Pattern.compile("\\b(?:CHANGE|RENAME\\s+COLUMN)\\b",
            Pattern.CASE_INSENSITIVE);

    /** Exists / does not exist errors of the schema itself: the same DDL meets them on every attempt. */
    private static final Set<Integer> SCHEMA_STATE_ERRORS = Set.of(1007, 1008, 1049, 1050, 1051, 1054, 1060, 1061,
            1072, 1091, 1146, 1176);

    private DdlReplay() {
    }

    /** Whether {@code error} is about the downstream schema's state, so retrying the DDL cannot help. */
    static boolean schemaState(SQLException error) {
        return SCHEMA_STATE_ERRORS.contains(error.getErrorCode());
    }

    /**
     * Why {@code sql}, run in {@code database} on {@code c}, counts as applied although it failed with
     * {@code error}; empty when it does not (the error is real). May query {@code information_schema}
     * on {@code c} (for a rename).
     */
    static Optional<String> alreadyApplied(Connection c, String database, String sql, SQLException error)
            throws SQLException {
        return switch (error.getErrorCode()) {
            // Database exists / can't drop a missing one: CREATE / DROP DATABASE ran already.
            case 1007 -> when(CREATE_DATABASE.matcher(sql).find(), "the database exists");
            case 1008 -> when(DROP_DATABASE.matcher(sql).find(), "the database is gone");
            // Unknown database: only DROP DATABASE's own USE meets it on a replay.
            case 1049 -> when(DROP_DATABASE.matcher(sql).find(), "the database is gone");
            case 1050 -> CREATE_OBJECT.matcher(sql).find() ? Optional.of("the table exists") : renamed(c, database, sql);
            case 1051 -> when(DROP_OBJECT.matcher(sql).find(), "the table is gone");
            case 1146 -> renamed(c, database, sql);
            case 1060 -> when(ALTER_TABLE.matcher(sql).find() && !COLUMN_RENAMING.matcher(sql).find(),
                    "the column exists");
            case 1061 -> when(ALTER_TABLE.matcher(sql).find() || CREATE_INDEX.matcher(sql).find(), "the index exists");
            case 1091 -> when(ALTER_TABLE.matcher(sql).find() || DROP_INDEX.matcher(sql).find(),
                    "the column or index is gone");
            default -> Optional.empty();
        };
    }

    private static Optional<String> when(boolean applies, String reason) {
        return applies ? Optional.of(reason) : Optional.empty();
    }

    /** A rename counts as applied only when every source is gone and every target exists. */
    private static Optional<String> renamed(Connection c, String database, String sql) throws SQLException {
        List<String[]> pairs = renamePairs(sql);
        if (pairs.isEmpty()) {
            return Optional.empty();
        }
        for (String[] p : pairs) {
            if (exists(c, database, p[0]) || !exists(c, database, p[1])) {
                return Optional.empty();
            }
        }
        return Optional.of("every source table is gone and every target exists");
    }

    /** The (from, to) pairs of a RENAME TABLE or ALTER TABLE … RENAME; empty for anything else. */
    static List<String[]> renamePairs(String sql) {
        List<String[]> pairs = new ArrayList<>();
        Matcher alter = ALTER_RENAME.matcher(sql);
        if (alter.matches()) {
            pairs.add(new String[] {alter.group(1), alter.group(2)});
            return pairs;
        }
        Matcher rename = RENAME_TABLE.matcher(sql);
        if (!rename.matches()) {
            return pairs;
        }
        String list = rename.group(1);
        Matcher pair = RENAME_PAIR.matcher(list);
        int at = 0;
        while (at < list.length() && pair.find(at) && pair.start() == at) {
            pairs.add(new String[] {pair.group(1), pair.group(2)});
            at = pair.end();
        }
        return at == list.length() ? pairs : List.of();
    }

    private static boolean exists(Connection c, String database, String qualified) throws SQLException {
        List<String> parts = split(qualified);
        String schema = parts.size() == 2 ? parts.get(0) : database;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?")) {
            ps.setString(1, schema);
            ps.setString(2, parts.get(parts.size() - 1));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** {@code a}, {@code `a`.`b`} or {@code a.b} as unquoted names. */
    private static List<String> split(String qualified) {
        List<String> out = new ArrayList<>();
        Matcher m = NAME_PART.matcher(qualified);
        while (m.find()) {
            String n = m.group();
            out.add(n.startsWith("`") ? n.substring(1, n.length() - 1).replace("``", "`") : n);
        }
        return out;
    }
}
