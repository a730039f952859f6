package dev.drainer.runtime.schema;

import dev.drainer.config.SyncerConfig;
import dev.drainer.config.TableName;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The Go drainer's table filter (spec §3.5): names lower-cased; a pattern is a regex after a leading
 * {@code ~} (unanchored, as Go's {@code MatchString}), else it must match the whole name (as
 * {@code (?i)^pattern$}, so metacharacters stay live). With any replicate-do rule a table must match a do-table rule or a do-db; then ignore-table
 * and ignore-schemas drop it.
 */
public final class TableFilter {
    private final List<Pattern> doDbs;
    private final List<Pattern[]> doTables;
    private final List<Pattern> ignoreDbs;
    private final List<Pattern[]> ignoreTables;

    public TableFilter(List<String> ignoreSchemas, List<TableName> ignoreTables, List<String> doDbs,
                       List<TableName> doTables) {
        this.ignoreDbs = patterns(ignoreSchemas, "ignore-schemas");
        this.ignoreTables = tablePatterns(ignoreTables, "ignore-table");
        this.doDbs = patterns(doDbs, "replicate-do-db");
        this.doTables = tablePatterns(doTables, "replicate-do-table");
    }

    /** The filter of a {@code [syncer]} section. */
    public static TableFilter of(SyncerConfig s) {
        return new TableFilter(s.ignoreSchemaList(), s.ignoreTables(), s.replicateDoDbs(), s.replicateDoTables());
    }

    /** Whether changes to {@code schema.table} are skipped; {@code table} is empty for database-level DDLs. */
    public boolean skip(String schema, String table) {
        String s = schema.toLowerCase(Locale.ROOT);
        String t = table.toLowerCase(Locale.ROOT);
        if (!doDbs.isEmpty() || !doTables.isEmpty()) {
            boolean allowed = doDbs.stream().anyMatch(p -> p.matcher(s).find())
                    || doTables.stream().anyMatch(p -> p[0].matcher(s).find() && p[1].matcher(t).find());
            if (!allowed) {
                return true;
            }
        }
        return ignoreTables.stream().anyMatch(p -> p[0].matcher(s).find() && p[1].matcher(t).find())
                || ignoreDbs.stream().anyMatch(p -> p.matcher(s).find());
    }

    private static List<Pattern> patterns(List<String> raw, String key) {
        List<Pattern> out = new ArrayList<>();
        for (String r : raw) {
            out.add(pattern(r, key));
        }
        return out;
    }

    private static List<Pattern[]> tablePatterns(List<TableName> raw, String key) {
        List<Pattern[]> out = new ArrayList<>();
        for (TableName n : raw) {
            out.add(new Pattern[] {pattern(n.schema(), key + " db-name"), pattern(n.table(), key + " tbl-name")});
        }
        return out;
    }

    private static Pattern pattern(String raw, String key) {
        String regex = raw.startsWith("~") ? raw.substring(1) : "^" + raw + "$";
        try {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(key + " pattern '" + raw + "' is not a valid regular expression: "
                    + e.getDescription(), e);
        }
    }
}
