package dev.drainer.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Value checks shared by TOML keys, BINLOG_SERVER_* variables and flags. Each returns null when fine. */
final class Checks {
    static final List<String> LOG_LEVELS = List.of("debug", "info", "warn", "error", "fatal");
    static final String SUPPORTED_DB_TYPES = "mysql, tidb";

    private Checks() {
    }

    static String none(Object v) {
        return null;
    }

    static String positive(Object v) {
        return ((Number) v).longValue() > 0 ? null : "must be greater than 0, found " + v;
    }

    static String nonNegative(Object v) {
        return ((Number) v).longValue() >= 0 ? null : "must not be negative, found " + v;
    }

    static String nonEmpty(Object v) {
        return ((String) v).isEmpty() ? "must not be empty" : null;
    }

    static String port(Object v) {
        int p = (Integer) v;
        return p >= 0 && p <= 65535 ? null : "must be a port from 1 to 65535 (0 = default), found " + p;
    }

    static String initialCommitTs(Object v) {
        return (Long) v >= -1 ? null : "must be -1 (current TSO) or a TSO, found " + v;
    }

    static String logLevel(Object v) {
        String s = ((String) v).toLowerCase(Locale.ROOT);
        return LOG_LEVELS.contains(s) ? null : invalidEnum(v, String.join(", ", LOG_LEVELS));
    }

    static Setting.Check oneOf(String... allowed) {
        return v -> Arrays.asList(allowed).contains((String) v) ? null
                : invalidEnum(v, Arrays.stream(allowed).map(a -> a.isEmpty() ? "\"\"" : a)
                        .collect(Collectors.joining(", ")));
    }

    static String invalidEnum(Object v, String allowed) {
        return "invalid value " + show(v) + "; allowed values: " + allowed;
    }

    static String dbType(Object v) {
        String s = (String) v;
        if (DbType.fromTomlName(s) != null) {
            return null;
        }
        return switch (s) {
            case "flash" -> "\"flash\" is no longer supported; supported values: " + SUPPORTED_DB_TYPES;
            case "oracle", "file", "pb", "kafka" -> show(s) + " is not supported by this drainer; supported values: "
                    + SUPPORTED_DB_TYPES;
            default -> "unknown db-type " + show(s) + "; supported values: " + SUPPORTED_DB_TYPES;
        };
    }

    static String checkpointType(Object v) {
        String s = (String) v;
        if (s.isEmpty() || DbType.fromTomlName(s) != null) {
            return null;
        }
        return switch (s) {
            case "oracle", "file" -> show(s) + " is not supported by this drainer; supported values: "
                    + SUPPORTED_DB_TYPES + ", or empty to follow syncer.db-type";
            default -> invalidEnum(s, SUPPORTED_DB_TYPES + ", or empty to follow syncer.db-type");
        };
    }

    static String syncMode(Object v) {
        int m = (Integer) v;
        if (m == 0 || m == 1) {
            return null;
        }
        if (m == 2) {
            return "2 (partial columns) is not supported by this drainer; supported values: 0, 1 (full columns)";
        }
        return invalidEnum(v, "0, 1 (full columns)");
    }

    static Setting.Check onlyFalse(String feature) {
        return v -> Boolean.TRUE.equals(v)
                ? "true is not supported by this drainer (" + feature + " is not implemented); only false is accepted"
                : null;
    }

    /** For keys of sinks we do not implement: only the zero value (which changes nothing) is accepted. */
    static Setting.Check unsupportedUnlessZero(String sink) {
        return v -> isZero(v) ? null : show(v) + " is not supported by this drainer: the " + sink
                + " is not implemented (db-type " + SUPPORTED_DB_TYPES + " only); remove this key";
    }

    static Setting.Check alwaysRejected(String why) {
        return v -> why;
    }

    static String emptyCertAllowedCn(Object v) {
        return ((List<?>) v).isEmpty() ? null
                : "is not supported for downstream connections by this drainer; only [] is accepted";
    }

    static String readTimeout(Object v) {
        String s = (String) v;
        if (s.isEmpty()) {
            return null; // upstream treats an empty read-timeout as the default
        }
        try {
            return GoDuration.parse(s).compareTo(Duration.ZERO) > 0 ? null : "must be greater than 0, found " + show(s);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    static String nonNegativeDuration(Object v) {
        return ((Duration) v).isNegative() ? "must not be negative, found " + GoDuration.format((Duration) v) : null;
    }

    static String legacyTimeZone(Object v) {
        return ZoneSpec.problem((String) v);
    }

    static String listenAddr(Object v) {
        String s = (String) v;
        return s.isEmpty() ? null : HostPort.listenProblem(s);
    }

    static String advertiseAddr(Object v) {
        String s = (String) v;
        return s.isEmpty() ? null : HostPort.advertiseProblem(s);
    }

    /** Like etcd's types.NewURLs: http(s)://host:port, no path. */
    static String pdUrls(Object v) {
        String s = (String) v;
        if (s.isBlank()) {
            return "must list at least one PD endpoint such as \"http://127.0.0.1:2379\"";
        }
        for (String part : s.split(",", -1)) {
            String u = part.trim();
            String bad = "invalid PD URL " + show(u) + " in " + show(s) + ": ";
            if (u.isEmpty()) {
                return bad + "empty entry";
            }
            if (!u.startsWith("http://") && !u.startsWith("https://")) {
                return bad + "scheme must be http or https";
            }
            URI uri;
            try {
                uri = new URI(u);
            } catch (URISyntaxException e) {
                return bad + e.getReason();
            }
            if (uri.getHost() == null || uri.getPort() < 0) {
                return bad + "expected http(s)://host:port";
            }
            if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty()) || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                return bad + "must not contain a path";
            }
        }
        return null;
    }

    static boolean isZero(Object v) {
        if (v instanceof String s) {
            return s.isEmpty();
        }
        if (v instanceof Number n) {
            return n.longValue() == 0;
        }
        if (v instanceof Boolean b) {
            return !b;
        }
        if (v instanceof List<?> l) {
            return l.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return m.isEmpty();
        }
        return false;
    }

    /** A value as it would be written in TOML, for messages. */
    static String show(Object v) {
        if (v instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (v instanceof Duration d) {
            return "\"" + GoDuration.format(d) + "\"";
        }
        return String.valueOf(v);
    }
}
