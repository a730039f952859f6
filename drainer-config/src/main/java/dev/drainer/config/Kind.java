package dev.drainer.config;

import java.math.BigInteger;
import java.util.Locale;

/** The value type of a setting: drives TOML type checks and Go-style flag value parsing. */
enum Kind {
    STRING("a string", "string"),
    BOOL("a boolean", ""),
    INT("an integer", "int"),
    LONG("an integer", "int"),
    DURATION("a duration string such as \"1m30s\"", "duration"),
    STRING_LIST("an array of strings", null),
    LONG_LIST("an array of integers", null),
    TABLE_LIST("an array of {db-name = \"...\", tbl-name = \"...\"} tables", null),
    STRING_MAP("a table of string values", null),
    /** Handed to the setting's check unconverted (used for keys that are only accepted empty). */
    ANY("", null);

    private final String expected;
    private final String flagTypeName;

    Kind(String expected, String flagTypeName) {
        this.expected = expected;
        this.flagTypeName = flagTypeName;
    }

    /** "expected ..." wording for type errors. */
    String expected() {
        return expected;
    }

    /** Type name shown in usage, like Go's flag package ("" for bools). */
    String flagTypeName() {
        return flagTypeName;
    }

    /** Parses a flag or BINLOG_SERVER_* value; throws IllegalArgumentException with the reason. */
    Object parseFlagValue(String text) {
        return switch (this) {
            case STRING -> text;
            case BOOL -> parseGoBool(text);
            case INT -> {
                long v = parseGoInt(text);
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("value out of range");
                }
                yield (int) v;
            }
            case LONG -> parseGoInt(text);
            case DURATION -> GoDuration.parse(text);
            default -> throw new IllegalStateException("not a flag kind: " + this);
        };
    }

    /** strconv.ParseBool. */
    static boolean parseGoBool(String s) {
        return switch (s) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw new IllegalArgumentException("parse error: expected true or false");
        };
    }

    /** strconv.ParseInt(s, 0, 64): sign, 0x/0o/0b/0 prefixes, underscores between digits. */
    static long parseGoInt(String s) {
        String t = s;
        boolean negative = false;
        if (!t.isEmpty() && (t.charAt(0) == '+' || t.charAt(0) == '-')) {
            negative = t.charAt(0) == '-';
            t = t.substring(1);
        }
        int radix = 10;
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("0x")) {
            radix = 16;
            t = t.substring(2);
        } else if (lower.startsWith("0b")) {
            radix = 2;
            t = t.substring(2);
        } else if (lower.startsWith("0o")) {
            radix = 8;
            t = t.substring(2);
        } else if (t.length() > 1 && t.charAt(0) == '0') {
            radix = 8;
            t = t.substring(1);
        }
        if (t.startsWith("_") && radix != 10) {
            t = t.substring(1); // Go allows one underscore right after a base prefix
        }
        if (t.isEmpty() || t.startsWith("+") || t.startsWith("-") || t.startsWith("_") || t.endsWith("_") || t.contains("__")) {
            throw new IllegalArgumentException("parse error: expected an integer");
        }
        BigInteger v;
        try {
            v = new BigInteger(t.replace("_", ""), radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parse error: expected an integer");
        }
        if (negative) {
            v = v.negate();
        }
        if (v.bitLength() > 63) {
            throw new IllegalArgumentException("value out of range");
        }
        return v.longValue();
    }
}
