package dev.drainer.testkit.log;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * While open, records every {@code java.util.logging} record at every level ({@link System.Logger} routes there
 * by default), with parameters and stack traces, and everything printed to {@code System.out}/{@code System.err}
 * (which still reach the console).
 */
public final class LogCapture implements AutoCloseable {
    private final StringBuilder records = new StringBuilder();
    private final AtomicInteger count = new AtomicInteger();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final Logger root = Logger.getLogger("");
    private final Level rootLevel = root.getLevel();
    private final PrintStream out = System.out;
    private final PrintStream err = System.err;
    private final Handler handler = new Handler() {
        private final Formatter formatter = new Formatter() {
            @Override
            public String format(LogRecord r) {
                return formatMessage(r);
            }
        };

        @Override
        public void publish(LogRecord r) {
            StringBuilder sb = new StringBuilder().append(r.getLevel()).append(' ').append(r.getLoggerName())
                    .append(": ").append(formatter.format(r)).append('\n');
            if (r.getThrown() != null) {
                StringWriter w = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(w));
                sb.append(w);
            }
            synchronized (records) {
                records.append(sb);
            }
            count.incrementAndGet();
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture() {
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.ALL);
        System.setOut(new PrintStream(tee(out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(tee(err), true, StandardCharsets.UTF_8));
    }

    /** Starts capturing. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** Everything captured so far: log records first, then console output. */
    public String text() {
        synchronized (records) {
            synchronized (console) {
                return records + console.toString(StandardCharsets.UTF_8);
            }
        }
    }

    /** How many log records were captured (to check that the capture saw something). */
    public int recordCount() {
        return count.get();
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
        root.removeHandler(handler);
        root.setLevel(rootLevel);
    }

    private OutputStream tee(PrintStream original) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (console) {
                    console.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                synchronized (console) {
                    console.write(b, off, len);
                }
            }
        };
    }
}
