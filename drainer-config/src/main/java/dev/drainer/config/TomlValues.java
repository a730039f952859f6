package dev.drainer.config;

import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/** Converts raw tomlj values to the Java value of a {@link Kind}, reporting type errors with key and line. */
final class TomlValues {
    /** Returned instead of a value when a problem was recorded. */
    static final Object INVALID = new Object();

    private static final Pattern BARE_KEY = Pattern.compile("[A-Za-z0-9_-]+");

    private final String source;
    private final Problems problems;

    TomlValues(String source, Problems problems) {
        this.source = source;
        this.problems = problems;
    }

    Object convert(Kind kind, Object raw, String key, Origin origin) {
        switch (kind) {
            case STRING:
                return raw instanceof String ? raw : typeError(kind, raw, origin);
            case BOOL:
                return raw instanceof Boolean ? raw : typeError(kind, raw, origin);
            case LONG:
                return raw instanceof Long ? raw : typeError(kind, raw, origin);
            case INT:
                if (!(raw instanceof Long l)) {
                    return typeError(kind, raw, origin);
                }
                if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                    problems.add(origin, "integer " + l + " is out of range (at most " + Integer.MAX_VALUE + ")");
                    return INVALID;
                }
                return l.intValue();
            case DURATION:
                if (!(raw instanceof String s)) {
                    return typeError(kind, raw, origin);
                }
                try {
                    return GoDuration.parse(s);
                } catch (IllegalArgumentException e) {
                    problems.add(origin, e.getMessage());
                    return INVALID;
                }
            case STRING_LIST:
                return list(kind, raw, origin, String.class);
            case LONG_LIST:
                return list(kind, raw, origin, Long.class);
            case TABLE_LIST:
                return tableList(raw, key, origin);
            case STRING_MAP:
                return stringMap(raw, key, origin);
            case ANY:
                return raw;
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    private Object list(Kind kind, Object raw, Origin origin, Class<?> element) {
        if (!(raw instanceof TomlArray a)) {
            return typeError(kind, raw, origin);
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            Object e = a.get(i);
            if (!element.isInstance(e)) {
                problems.add(origin, "expected " + kind.expected() + ", found element [" + i + "] = "
                        + describe(e));
                return INVALID;
            }
            out.add(e);
        }
        return out;
    }

    private Object tableList(Object raw, String key, Origin origin) {
        if (!(raw instanceof TomlArray a)) {
            return typeError(Kind.TABLE_LIST, raw, origin);
        }
        List<TableName> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < a.size(); i++) {
            Object e = a.get(i);
            String elementKey = key + "[" + i + "]";
            Origin elementOrigin = Origin.toml(source, line(a.inputPositionOf(i), origin), elementKey);
            if (!(e instanceof TomlTable t)) {
                problems.add(elementOrigin, "expected a {db-name = \"...\", tbl-name = \"...\"} table, found "
                        + describe(e));
                ok = false;
                continue;
            }
            String schema = null;
            String table = null;
            for (String k : t.keySet()) {
                Object v = t.get(List.of(k));
                Origin o = Origin.toml(source, line(t.inputPositionOf(List.of(k)), elementOrigin),
                        elementKey + "." + quoteKey(k));
                if (!k.equals("db-name") && !k.equals("tbl-name")) {
                    problems.add(o, "unknown key; expected db-name and tbl-name");
                    ok = false;
                } else if (!(v instanceof String s)) {
                    typeError(Kind.STRING, v, o);
                    ok = false;
                } else if (k.equals("db-name")) {
                    schema = s;
                } else {
                    table = s;
                }
            }
            if (schema == null || schema.isEmpty() || table == null || table.isEmpty()) {
                // An empty name never matches, so the rule would be accepted and silently do nothing.
                problems.add(elementOrigin, "both db-name and tbl-name must be set and non-empty");
                ok = false;
            } else {
                out.add(new TableName(schema, table));
            }
        }
        return ok ? out : INVALID;
    }

    private Object stringMap(Object raw, String key, Origin origin) {
        if (!(raw instanceof TomlTable t)) {
            return typeError(Kind.STRING_MAP, raw, origin);
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean ok = true;
        for (String k : t.keySet()) {
            Object v = t.get(List.of(k));
            if (v instanceof String s) {
                out.put(k, s);
            } else {
                Origin o = Origin.toml(source, line(t.inputPositionOf(List.of(k)), origin), key + "." + quoteKey(k));
                typeError(Kind.STRING, v, o);
                ok = false;
            }
        }
        return ok ? out : INVALID;
    }

    private Object typeError(Kind kind, Object raw, Origin origin) {
        String found = isSecretKey(origin.key()) ? typeName(raw) + " (value not shown: it is a password)"
                : describe(raw);
        problems.add(origin, "expected " + kind.expected() + ", found " + found);
        return INVALID;
    }

    /** password, encrypted_password: their values never go into a message, even when mistyped. */
    static boolean isSecretKey(String dottedKey) {
        String last = dottedKey == null ? "" : dottedKey.substring(dottedKey.lastIndexOf('.') + 1);
        return last.equals("password") || last.equals("encrypted_password");
    }

    private static String typeName(Object raw) {
        if (raw instanceof Long) {
            return "an integer";
        }
        if (raw instanceof Double) {
            return "a float";
        }
        if (raw instanceof Boolean) {
            return "a boolean";
        }
        if (raw instanceof TomlArray) {
            return "an array";
        }
        if (raw instanceof TomlTable) {
            return "a table";
        }
        return raw instanceof TemporalAccessor ? "a date/time" : "a string";
    }

    /** "string \"16\"", "integer 16", "a table", ... for type errors. */
    static String describe(Object raw) {
        if (raw instanceof String s) {
            return "string " + Checks.show(s);
        }
        if (raw instanceof Long l) {
            return "integer " + l;
        }
        if (raw instanceof Double d) {
            return "float " + d;
        }
        if (raw instanceof Boolean b) {
            return "boolean " + b;
        }
        if (raw instanceof TomlArray a) {
            return "an array " + a.toToml().strip();
        }
        if (raw instanceof TomlTable) {
            return "a table";
        }
        if (raw instanceof TemporalAccessor t) {
            return "date/time " + t;
        }
        return String.valueOf(raw);
    }

    /** A key as TOML would need it written: bare if possible, else quoted. */
    static String quoteKey(String key) {
        return BARE_KEY.matcher(key).matches() ? key : "\"" + Toml.tomlEscape(key) + "\"";
    }

    static int line(TomlPosition position, Origin fallback) {
        return position != null ? position.line() : fallback.line();
    }
}
