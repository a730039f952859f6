package dev.drainer.bench;

import dev.drainer.checkpoint.MysqlEndpoint;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.workload.SqlLiterals;
import dev.drainer.testkit.workload.TableDef;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * The server the bench loads: the local MariaDB the demo starts too, or one named by
 * {@code -mysql-url=mysql://user:password@host:port}. The password never appears in {@link #toString()}.
 */
record Downstream(String host, int port, String user, String password, String kind) {
    /** Checksums and counts over a million rows take longer than any loader statement. */
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(10);

    /** The local MariaDB of this JVM (or {@value MariaDb#EXTERNAL_URL_ENV}), started on first use. */
    static Downstream local() {
        MariaDb db = MariaDb.shared();
        return new Downstream(db.host(), db.port(), db.user(), db.password(), "local MariaDB");
    }

    static Downstream fromUrl(String url) {
        MariaDb db = MariaDb.external(url, "-mysql-url");
        return new Downstream(db.host(), db.port(), db.user(), db.password(), "-mysql-url");
    }

    /** Plain Connector/J with client-side statements (the loader's driver settings), sessions at UTC. */
    MysqlEndpoint endpoint() {
        return new MysqlEndpoint(host, port, user, password, Duration.ofSeconds(10), READ_TIMEOUT,
                List.of("SET SESSION time_zone = '+00:00'"));
    }

    Connection connect() throws SQLException {
        return endpoint().open();
    }

    /** Drops {@code schema} and creates it again with empty {@code tables}. */
    void recreate(String schema, List<TableDef> tables) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + SqlLiterals.ident(schema));
            s.execute("CREATE DATABASE " + SqlLiterals.ident(schema));
            s.execute("USE " + SqlLiterals.ident(schema));
            for (TableDef t : tables) {
                s.execute(t.createTableSql());
            }
        }
    }

    void drop(String schema) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + SqlLiterals.ident(schema));
        }
    }

    @Override
    public String toString() {
        return user + "@" + host + ":" + port + " (" + kind + ")";
    }
}
