package dev.drainer.checkpoint;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where and how to reach a MySQL-compatible server over JDBC: the part of the connection setup the
 * drainer and the operator share. Passwords are never part of {@link #toString()}.
 *
 * @param sessionSql statements run on every new connection (time zone, sql_mode, session variables)
 * @param driverProperties Connector/J properties that override the defaults of {@link #jdbcUrl()}
 */
public record MysqlEndpoint(String host, int port, String user, String password, Duration connectTimeout,
                            Duration readTimeout, List<String> sessionSql, Map<String, String> driverProperties)
        implements ConnectionFactory {
    public MysqlEndpoint {
        sessionSql = List.copyOf(sessionSql);
        driverProperties = Map.copyOf(driverProperties);
    }

    public MysqlEndpoint(String host, int port, String user, String password, Duration connectTimeout,
                         Duration readTimeout, List<String> sessionSql) {
        this(host, port, user, password, connectTimeout, readTimeout, sessionSql, Map.of());
    }

    /** The same endpoint with other per-connection statements. */
    public MysqlEndpoint withSessionSql(List<String> sql) {
        return new MysqlEndpoint(host, port, user, password, connectTimeout, readTimeout, sql, driverProperties);
    }

    /** The same endpoint with one more Connector/J property (it wins over the URL's default). */
    public MysqlEndpoint withDriverProperty(String key, String value) {
        Map<String, String> m = new TreeMap<>(driverProperties);
        m.put(key, value);
        return new MysqlEndpoint(host, port, user, password, connectTimeout, readTimeout, sessionSql, m);
    }

    /** The JDBC URL (no credentials in it). */
    public String jdbcUrl() {
        // Client-side statements (useServerPrepStmts=false) and multi-statements match what the Go
        // drainer's driver does; UTF-8 in Connector/J maps to utf8mb4 on the server.
        return "jdbc:mysql://" + host + ":" + port + "/?useSSL=false&allowPublicKeyRetrieval=true"
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
        driverProperties.forEach(p::setProperty);
        Connection c = DriverManager.getConnection(jdbcUrl(), p);
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
        return user + "@" + host + ":" + port;
    }
}
