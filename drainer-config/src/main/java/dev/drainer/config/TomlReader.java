package dev.drainer.config;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/** Reads drainer.toml strictly into a draft: unknown keys, wrong types and bad values are all reported. */
final class TomlReader {
    private static final Pattern PASSWORD_LINE = Pattern.compile(
            "\\s*([\\w\"'.-]+\\.)?[\"']?(encrypted_)?password[\"']?\\s*=");
    private final String source;
    private final Problems problems;
    private final TomlValues values;

    TomlReader(String source, Problems problems) {
        this.source = source;
        this.problems = problems;
        this.values = new TomlValues(source, problems);
    }

    /** Returns false if the text is not valid TOML (the problems then only describe the syntax errors). */
    boolean read(String text, ConfigDraft draft) {
        TomlParseResult result = Toml.parse(text);
        if (result.hasErrors()) {
            List<String> lines = text.lines().toList();
            for (TomlParseError e : result.errors()) {
                TomlPosition p = e.position();
                boolean secret = p != null && p.line() <= lines.size()
                        && PASSWORD_LINE.matcher(lines.get(p.line() - 1)).lookingAt();
                // The parser quotes the text it choked on, which here would be part of the password.
                problems.add(source + (p == null ? "" : " line " + p.line() + ", column " + p.column())
                        + ": malformed TOML: " + (secret ? "the password value is not a valid TOML string (value not"
                        + " shown); write it quoted, e.g. password = \"...\"" : e.getMessage()));
            }
            return false;
        }
        walk(result, "", draft);
        return true;
    }

    private void walk(TomlTable table, String prefix, ConfigDraft draft) {
        List<String> keys = table.keySet().stream()
                .sorted(Comparator.comparingInt((String k) -> position(table, k).line())
                        .thenComparingInt(k -> position(table, k).column()))
                .toList();
        for (String key : keys) {
            String full = prefix.isEmpty() ? TomlValues.quoteKey(key) : prefix + "." + TomlValues.quoteKey(key);
            Object raw = table.get(List.of(key));
            Origin origin = Origin.toml(source, position(table, key).line(), full);
            Setting setting = Settings.byTomlKey(full);
            if (setting != null) {
                apply(setting, raw, full, origin, draft);
            } else if (Settings.SECTIONS.contains(full)) {
                if (raw instanceof TomlTable sub) {
                    walk(sub, full, draft);
                } else {
                    problems.add(origin, "expected a table, found " + TomlValues.describe(raw));
                }
            } else {
                problems.add(source + " line " + origin.line() + ": unknown key \"" + full + "\"" + suggestion(full));
            }
        }
    }

    private void apply(Setting setting, Object raw, String full, Origin origin, ConfigDraft draft) {
        Object value = values.convert(setting.kind(), raw, full, origin);
        if (value == TomlValues.INVALID) {
            return;
        }
        String problem = setting.check().problem(value);
        if (problem != null) {
            problems.add(origin, problem);
            return;
        }
        setting.apply().apply(draft, value, origin);
        draft.origins.put(setting.originKey(), origin);
    }

    private static TomlPosition position(TomlTable table, String key) {
        TomlPosition p = table.inputPositionOf(List.of(key));
        return p != null ? p : TomlPosition.positionAt(1, 1);
    }

    /** A hint for typos: the closest known key of the same section, if it is close. */
    private static String suggestion(String full) {
        int dot = full.lastIndexOf('.');
        String section = dot < 0 ? "" : full.substring(0, dot);
        String best = null;
        int bestDistance = 3;
        Set<String> candidates = new TreeSet<>(Settings.tomlKeys());
        candidates.addAll(Settings.SECTIONS);
        for (String k : candidates) {
            int kd = k.lastIndexOf('.');
            if (!(kd < 0 ? "" : k.substring(0, kd)).equals(section)) {
                continue;
            }
            int d = distance(full, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best == null ? "" : " (did you mean \"" + best + "\"?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
