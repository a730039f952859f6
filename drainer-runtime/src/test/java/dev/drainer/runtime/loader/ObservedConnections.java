package dev.drainer.runtime.loader;

import com.mysql.cj.jdbc.ClientPreparedStatement;
import dev.drainer.checkpoint.ConnectionFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real downstream connections that log, in one global order, every statement as it is sent (with its
 * values inlined) and every COMMIT once it returned; optionally the n-th COMMIT succeeds on the server
 * and then reports a lost connection, as a network failure right after the server committed would.
 */
final class ObservedConnections implements ConnectionFactory {
    /** One event: EXEC (logged before the statement runs) or COMMIT/ROLLBACK (logged after it returned). */
    record Event(long seq, int connection, String kind, String sql) {
    }

    /** The events of one downstream transaction, ended by a COMMIT event. */
    record Transaction(int connection, List<Event> statements, Event commit) {
        long firstSeq() {
            return statements.get(0).seq();
        }
    }

    private final ConnectionFactory real;
    private long seq;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger commits = new AtomicInteger();
    private final List<Event> events = new ArrayList<>();
    private final java.util.Set<Long> serverIds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile int failAfterCommit = -1;

    ObservedConnections(ConnectionFactory real) {
        this.real = real;
    }

    /** The {@code n}-th COMMIT (1-based) commits, then throws as if the connection dropped before the reply. */
    ObservedConnections failAfterCommit(int n) {
        failAfterCommit = n;
        return this;
    }

    /** The server's connection ids of every connection opened so far. */
    java.util.Set<Long> serverIds() {
        return java.util.Set.copyOf(serverIds);
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** Committed transactions in commit order. */
    List<Transaction> committed() {
        List<Transaction> out = new ArrayList<>();
        java.util.Map<Integer, List<Event>> open = new java.util.HashMap<>();
        for (Event e : events()) {
            switch (e.kind()) {
                case "EXEC" -> open.computeIfAbsent(e.connection(), c -> new ArrayList<>()).add(e);
                case "COMMIT" -> {
                    List<Event> st = open.remove(e.connection());
                    if (st != null) {
                        out.add(new Transaction(e.connection(), st, e));
                    }
                }
                default -> open.remove(e.connection());
            }
        }
        return out;
    }

    /** The committed transaction holding a statement that contains {@code text}. */
    Transaction committedWith(String text) {
        return committed().stream().filter(t -> t.statements().stream().anyMatch(e -> e.sql().contains(text)))
                .findFirst().orElseThrow(() -> new AssertionError("no committed statement contains " + text));
    }

    private static final String RAW_BYTES = "** BYTE ARRAY DATA **";

    @Override
    public Connection open() throws SQLException {
        Connection c = real.open();
        int id = connections.incrementAndGet();
        try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            serverIds.add(rs.getLong(1));
        }
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (InvocationHandler) (proxy, m, args) -> {
                    switch (m.getName()) {
                        case "prepareStatement" -> {
                            PreparedStatement ps = (PreparedStatement) invoke(c, m, args);
                            return Proxy.newProxyInstance(getClass().getClassLoader(),
                                    new Class<?>[] {PreparedStatement.class}, (p2, m2, a2) -> {
                                        if (m2.getName().startsWith("execute")) {
                                            log(id, "EXEC", text(ps));
                                        }
                                        return invoke(ps, m2, a2);
                                    });
                        }
                        case "createStatement" -> {
                            // The loader's DDL (and its USE): execute(sql).
                            java.sql.Statement st = (java.sql.Statement) invoke(c, m, args);
                            return Proxy.newProxyInstance(getClass().getClassLoader(),
                                    new Class<?>[] {java.sql.Statement.class}, (p2, m2, a2) -> {
                                        if (m2.getName().equals("execute") && a2 != null && a2[0] instanceof String sql) {
                                            log(id, "EXEC", sql);
                                        }
                                        return invoke(st, m2, a2);
                                    });
                        }
                        case "commit" -> {
                            invoke(c, m, args);
                            log(id, "COMMIT", "");
                            if (commits.incrementAndGet() == failAfterCommit) {
                                c.close();
                                throw new SQLNonTransientConnectionException("injected: connection lost after COMMIT",
                                        "08S01");
                            }
                            return null;
                        }
                        case "rollback" -> {
                            log(id, "ROLLBACK", "");
                            return invoke(c, m, args);
                        }
                        default -> {
                            return invoke(c, m, args);
                        }
                    }
                });
    }

    /**
     * The statement's text as sent: the driver shows a raw (unescaped) byte binding, which is how the loader
     * sends its rendered statements ({@code INSERT ?} and the bytes after the verb), as a placeholder text.
     */
    private static String text(PreparedStatement ps) throws SQLException {
        String shown = ps.toString();
        shown = shown.substring(shown.indexOf(':') + 2);
        if (shown.endsWith(RAW_BYTES)) {
            byte[] raw = ps.unwrap(ClientPreparedStatement.class).getBytesRepresentation(1);
            return shown.substring(0, shown.length() - RAW_BYTES.length()) + new String(raw, StandardCharsets.UTF_8);
        }
        return shown;
    }

    private synchronized void log(int connection, String kind, String sql) {
        events.add(new Event(++seq, connection, kind, sql));
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
