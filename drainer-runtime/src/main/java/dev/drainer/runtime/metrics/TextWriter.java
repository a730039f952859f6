package dev.drainer.runtime.metrics;

import java.util.List;

/** Prometheus text format 0.0.4 lines, escaped as the Go client escapes them. */
final class TextWriter {
    private final StringBuilder out = new StringBuilder(4096);

    void header(Family<?> f) {
        out.append("# HELP ").append(f.name()).append(' ');
        escape(f.help(), false);
        out.append('\n').append("# TYPE ").append(f.name()).append(' ').append(f.type().wireName()).append('\n');
    }

    /**
     * One sample line: {@code name{l1="v1",...,extra="x"} value}; {@code extraName} null for none.
     */
    void sample(String name, List<String> labelNames, List<String> labelValues, String extraName, String extraValue,
                double value) {
        out.append(name);
        if (!labelNames.isEmpty() || extraName != null) {
            out.append('{');
            for (int i = 0; i < labelNames.size(); i++) {
                label(i > 0, labelNames.get(i), labelValues.get(i));
            }
            if (extraName != null) {
                label(!labelNames.isEmpty(), extraName, extraValue);
            }
            out.append('}');
        }
        out.append(' ').append(GoFloat.format(value)).append('\n');
    }

    private void label(boolean comma, String name, String value) {
        if (comma) {
            out.append(',');
        }
        out.append(name).append("=\"");
        escape(value, true);
        out.append('"');
    }

    /** Backslash and newline always; the double quote only inside label values. */
    private void escape(String s, boolean quote) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(quote ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
