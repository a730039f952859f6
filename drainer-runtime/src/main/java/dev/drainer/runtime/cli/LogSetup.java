package dev.drainer.runtime.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.Locale;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Routes every {@link System.Logger} to one line per record: {@code time level logger message},
 * where messages are already {@code key=value} text, so logs stay greppable and parseable.
 */
public final class LogSetup {
    private LogSetup() {
    }

    /**
     * @param level   the Go drainer's {@code log-level}: debug, info, warn, error, fatal
     * @param logFile empty: standard error
     */
    public static void configure(String level, String logFile) throws IOException {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            root.removeHandler(h);
        }
        Handler handler = logFile == null || logFile.isEmpty() ? new ConsoleHandler() : new FileHandler(logFile, true);
        handler.setFormatter(new LineFormatter());
        Level l = toLevel(level);
        handler.setLevel(l);
        root.setLevel(l);
        root.addHandler(handler);
    }

    static Level toLevel(String level) {
        switch (level == null ? "info" : level.toLowerCase(Locale.ROOT)) {
            case "debug":
                return Level.FINE;
            case "warn":
            case "warning":
                return Level.WARNING;
            case "error":
            case "fatal":
                return Level.SEVERE;
            default:
                return Level.INFO;
        }
    }

    /** One line per record, exception stack traces indented below it. */
    static final class LineFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            String logger = r.getLoggerName() == null ? "" : r.getLoggerName();
            logger = logger.substring(logger.lastIndexOf('.') + 1);
            StringBuilder sb = new StringBuilder(160)
                    .append(Instant.ofEpochMilli(r.getMillis())).append(' ')
                    .append(levelName(r.getLevel())).append(' ')
                    .append(logger).append(": ")
                    .append(message(r)).append(System.lineSeparator());
            if (r.getThrown() != null) {
                StringWriter sw = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(sw));
                sb.append(sw);
            }
            return sb.toString();
        }

        /** Like {@link #formatMessage}, but numbers print plainly: ids and TSOs must stay copyable. */
        private static String message(LogRecord r) {
            Object[] params = r.getParameters();
            if (params == null || params.length == 0) {
                return r.getMessage();
            }
            Object[] plain = new Object[params.length];
            for (int i = 0; i < params.length; i++) {
                plain[i] = params[i] instanceof Number ? params[i].toString() : params[i];
            }
            try {
                return MessageFormat.format(r.getMessage(), plain);
            } catch (IllegalArgumentException e) {
                return r.getMessage();
            }
        }

        private static String levelName(Level l) {
            if (l.intValue() >= Level.SEVERE.intValue()) {
                return "ERROR";
            }
            if (l.intValue() >= Level.WARNING.intValue()) {
                return "WARN ";
            }
            if (l.intValue() >= Level.INFO.intValue()) {
                return "INFO ";
            }
            return "DEBUG";
        }
    }
}
