package dev.drainer.checkpoint;

import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where and how to reach a MySQL-compatible server over JDBC: the part of the connection setup the
 * drainer and the operator share. Passwords are never part of {@link #toString()}.
 *
 * @param sessionSql statements run on every new connection (time zone, sql_mode, session variables)
 * @param driverProperties Connector/J properties that override the defaults of {@link #jdbcUrl()}
 * @param tls TLS with server verification (and a client certificate if configured); empty: plaintext
 */
public record MysqlEndpoint(String host, int port, String user, String password, Duration connectTimeout,
                            Duration readTimeout, List<String> sessionSql, Map<String, String> driverProperties,
                            Optional<TlsFiles> tls)
        implements ConnectionFactory {
    /**
     * Connector/J's level when TLS is on. The Go drainer hands go-sql-driver/mysql a tls.Config with RootCAs
     * and no ServerName, and the driver then sets ServerName to the host it dials: Go verifies both the chain
     * and the host name, which is VERIFY_IDENTITY, not VERIFY_CA.
     */
    static final String TLS_MODE = "VERIFY_IDENTITY";

    public MysqlEndpoint {
        sessionSql = List.copyOf(sessionSql);
        driverProperties = Map.copyOf(driverProperties);
        Objects.requireNonNull(tls, "tls");
    }

    public MysqlEndpoint(String host, int port, String user, String password, Duration connectTimeout,
                         Duration readTimeout, List<String> sessionSql) {
        this(host, port, user, password, connectTimeout, readTimeout, sessionSql, Map.of(), Optional.empty());
    }

    public MysqlEndpoint(String host, int port, String user, String password, Duration connectTimeout,
                         Duration readTimeout, List<String> sessionSql, Map<String, String> driverProperties) {
        this(host, port, user, password, connectTimeout, readTimeout, sessionSql, driverProperties, Optional.empty());
    }

    /** The same endpoint with other per-connection statements. */
    public MysqlEndpoint withSessionSql(List<String> sql) {
        return new MysqlEndpoint(host, port, user, password, connectTimeout, readTimeout, sql, driverProperties, tls);
    }

    /** The same endpoint with one more Connector/J property (it wins over the URL's default). */
    public MysqlEndpoint withDriverProperty(String key, String value) {
        Map<String, String> m = new TreeMap<>(driverProperties);
        m.put(key, value);
        return new MysqlEndpoint(host, port, user, password, connectTimeout, readTimeout, sessionSql, m, tls);
    }

    /**
     * The same endpoint over TLS. The files are read and checked now, so that a missing or malformed file
     * fails here, naming it; they are read again on every {@link #open()}, so a rotated certificate is used
     * by the next connection.
     *
     * @throws IllegalArgumentException a file is unreadable or not what its role needs
     */
    public MysqlEndpoint withTls(TlsFiles files) {
        MysqlTls.driverProperties(files);
        return new MysqlEndpoint(host, port, user, password, connectTimeout, readTimeout, sessionSql,
                driverProperties, Optional.of(files));
    }

    /** The JDBC URL (no credentials and no key-store passwords in it). */
    public String jdbcUrl() {
        // Client-side statements (useServerPrepStmts=false) and multi-statements match what the Go
        // drainer's driver does; UTF-8 in Connector/J maps to utf8mb4 on the server.
        return "jdbc:mysql://" + host + ":" + port + "/?sslMode=" + (tls.isPresent() ? TLS_MODE : "DISABLED")
                + "&allowPublicKeyRetrieval=true"
                + "&useServerPrepStmts=false&allowMultiQueries=true&characterEncoding=UTF-8"
                + "&connectTimeout=" + connectTimeout.toMillis() + "&socketTimeout=" + readTimeout.toMillis()
                + "&tcpKeepAlive=true&preserveInstants=true";
    }

    @Override
    public Connection open() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        if (tls.isPresent()) {
            try {
                MysqlTls.driverProperties(tls.get()).forEach(p::setProperty);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                // A file that was fine at withTls() and is now gone or broken: a connect failure like any other.
                throw new SQLNonTransientConnectionException(e.getMessage(), "08001", e);
            }
        }
        driverProperties.forEach(p::setProperty);
        Connection c;
        try {
            c = DriverManager.getConnection(jdbcUrl(), p);
        } catch (SQLException e) {
            throw tls.isPresent() ? TlsFailure.explain(e, host, port, tls.get()) : e;
        }
        try (Statement s = c.createStatement()) {
            for (String sql : sessionSql) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port + (tls.isPresent() ? " (tls)" : "");
    }
}
