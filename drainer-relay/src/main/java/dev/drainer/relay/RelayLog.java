package dev.drainer.relay;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Structured {@code key=value} log lines on the {@code dev.drainer.relay} {@link System.Logger}. Values with
 * whitespace or quotes are double-quoted; numbers are printed without grouping.
 */
final class RelayLog {
    static final String NAME = "dev.drainer.relay";
    private static final Logger LOG = System.getLogger(NAME);

    private RelayLog() {
    }

    static void log(Level level, String event, Object... kv) {
        if (!LOG.isLoggable(level)) {
            return;
        }
        LOG.log(level, format(event, kv));
    }

    static String format(String event, Object... kv) {
        StringBuilder sb = new StringBuilder(event);
        for (int i = 0; i + 1 < kv.length; i += 2) {
            sb.append(' ').append(kv[i]).append('=');
            String v = String.valueOf(kv[i + 1]);
            if (v.isEmpty() || v.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"')) {
                sb.append('"').append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            } else {
                sb.append(v);
            }
        }
        return sb.toString();
    }
}
