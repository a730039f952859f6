package dev.drainer.testkit.db;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real MySQL-compatible server for tests: Debian's MariaDB started from a temporary datadir on a
 * free loopback port, or an external server named by {@value #EXTERNAL_URL_ENV}.
 *
 * <p>One shared server per JVM (that is, per Surefire fork): starting MariaDB costs seconds, and tests
 * isolate themselves with {@link #createDatabase(String)} instead. Only a test that needs another server
 * configuration (TLS: {@link #startWithTls}) starts a local server of its own, and closes it.
 */
public final class MariaDb implements AutoCloseable {
    /** {@code mysql://user:password@host:port} of an external server to use instead of a local one. */
    public static final String EXTERNAL_URL_ENV = "DRAINER_TEST_MYSQL_URL";

    private static final System.Logger LOG = System.getLogger(MariaDb.class.getName());
    private static final AtomicInteger DB_SEQ = new AtomicInteger();
    private static MariaDb shared;

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final Process process;
    private final Path dataDir;
    private final String sslMode;

    private MariaDb(String host, int port, String user, String password, Process process, Path dataDir,
                    String sslMode) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.process = process;
        this.dataDir = dataDir;
        this.sslMode = sslMode;
    }

    /** The server of this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized MariaDb shared() {
        if (shared == null) {
            String external = System.getenv(EXTERNAL_URL_ENV);
            shared = external != null && !external.isBlank() ? external(external, EXTERNAL_URL_ENV) : startLocal(List.of(), "DISABLED");
        }
        return shared;
    }

    /**
     * A server of its own that refuses any TCP connection without TLS ({@code require_secure_transport=ON}),
     * presenting {@code certPem}/{@code keyPem} and trusting client certificates signed by {@code caPem}. It
     * listens on 127.0.0.1 and on 127.0.0.2, a loopback address a certificate for 127.0.0.1/localhost does
     * not name (for host-name verification tests). {@link #connect} uses TLS without verification. The
     * caller must {@link #close()} it.
     */
    public static MariaDb startWithTls(Path caPem, Path certPem, Path keyPem) {
        return startLocal(List.of("--ssl-ca=" + caPem.toAbsolutePath(), "--ssl-cert=" + certPem.toAbsolutePath(),
                "--ssl-key=" + keyPem.toAbsolutePath(), "--require-secure-transport=ON",
                "--bind-address=127.0.0.1,127.0.0.2"), "REQUIRED");
    }

    /**
     * An existing server named by {@code url} ({@code mysql://user:password@host:port}, port 3306 and
     * user root when absent); {@code source} names where the URL came from in error messages.
     */
    public static MariaDb external(String url, String source) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + "=" + url + " is not a URL: " + e.getMessage(), e);
        }
        if (!"mysql".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(source + " needs the form mysql://user:password@host:port, got scheme "
                    + uri.getScheme() + " and host " + uri.getHost());
        }
        String userInfo = uri.getUserInfo() == null ? "root" : uri.getUserInfo();
        int colon = userInfo.indexOf(':');
        String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
        String password = colon < 0 ? "" : userInfo.substring(colon + 1);
        return new MariaDb(uri.getHost(), uri.getPort() < 0 ? 3306 : uri.getPort(), user, password, null, null,
                "DISABLED");
    }

    /** @param sslMode Connector/J {@code sslMode} of {@link #connect} */
    private static MariaDb startLocal(List<String> extraArgs, String sslMode) {
        Path mariadbd = findBinary("mariadbd", "mysqld");
        Path installDb = findBinary("mariadb-install-db", "mysql_install_db");
        try {
            Path dir = Files.createTempDirectory("drainer-test-mariadb-");
            Path data = dir.resolve("data");
            // A temporary directory of its own: in the shared /tmp, another server's (or a cleaner's) files met ours
            // and mariadb-install-db failed with "Could not remove temporary table".
            String tmpdir = "--tmpdir=" + Files.createDirectory(dir.resolve("tmp"));
            run(List.of(installDb.toString(), "--no-defaults", "--datadir=" + data, tmpdir, "--user=root",
                    "--auth-root-authentication-method=normal", "--skip-test-db"), dir.resolve("install.log"));
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of(mariadbd.toString(), "--no-defaults",
                    "--datadir=" + data, tmpdir, "--socket=" + dir.resolve("s"), "--port=" + port,
                    "--bind-address=127.0.0.1", "--user=root",
                    "--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci",
                    "--max-connections=1000", "--innodb-buffer-pool-size=512M",
                    "--innodb-log-file-size=256M", "--max-allowed-packet=256M",
                    // The database is not what these tests crash; its own durability only costs time.
                    "--innodb-flush-log-at-trx-commit=2", "--skip-log-bin",
                    "--pid-file=" + dir.resolve("mariadb.pid"), "--log-error=" + dir.resolve("error.log")));
            cmd.addAll(extraArgs); // last, because mariadbd lets a later option override an earlier one
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.log").toFile()).start();
            MariaDb db = new MariaDb("127.0.0.1", port, "root", "", p, dir, sslMode);
            // Stop and delete at JVM exit: each datadir is ~350 MB (redo logs), one per test JVM.
            Runtime.getRuntime().addShutdownHook(new Thread(db::close, "mariadb-stop"));
            db.awaitReady(Duration.ofSeconds(60));
            LOG.log(System.Logger.Level.INFO, "mariadb started port={0} datadir={1}", port, data);
            return db;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start MariaDB for tests: " + e.getMessage(), e);
        }
    }

    private static Path findBinary(String... names) {
        for (String name : names) {
            for (String dir : List.of("/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin")) {
                Path p = Paths.get(dir, name);
                if (Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        throw new IllegalStateException("no " + String.join("/", names) + " found: install Debian's mariadb-server"
                + " (apt-get install mariadb-server) or set " + EXTERNAL_URL_ENV + "=mysql://user:password@host:port");
    }

    private static void run(List<String> cmd, Path log) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " failed; output:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + cmd.get(0), e);
        }
    }

    /**
     * A port that was free a moment ago, below the kernel's ephemeral range when there is room: a test that keeps
     * one port across restarts of a server (a drainer killed and started again) would otherwise find it taken by
     * the local end of some outbound connection the kernel gave that number in between ("Address already in use").
     */
    public static int freePort() throws IOException {
        int below = ephemeralLow();
        for (int attempt = 0; below > FIXED_PORTS_FROM + 1000 && attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIXED_PORTS_FROM, below);
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(port));
                return port;
            } catch (IOException taken) {
                // Another test's server holds it: draw again.
            }
        }
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Where {@link #freePort} draws from: above the well-known and most registered service ports. */
    private static final int FIXED_PORTS_FROM = 20000;

    /** The first port the kernel hands out to outbound connections (Linux; 32768 where it cannot be read). */
    static int ephemeralLow() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim()
                    .split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32768;
        }
    }

    private void awaitReady(Duration timeout) throws IOException {
        Instant deadline = Instant.now().plus(timeout);
        SQLException last = null;
        while (Instant.now().isBefore(deadline)) {
            if (process != null && !process.isAlive()) {
                throw new IOException("mariadbd exited with " + process.exitValue() + "; error log:\n"
                        + Files.readString(dataDir.resolve("error.log")));
            }
            try (Connection c = connect(null)) {
                return;
            } catch (SQLException e) {
                last = e;
                sleep(100);
            }
        }
        IOException e = new IOException("MariaDB not ready after " + timeout);
        if (last != null) {
            e.initCause(last);
        }
        throw e;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops a local server (an external one is left alone). */
    public synchronized void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Stops a server of its own ({@link #startWithTls}) and deletes its files; never call it on {@link #shared()}
     * (its JVM's shutdown hook does). Idempotent.
     */
    @Override
    public synchronized void close() {
        stop();
        if (dataDir != null && Files.exists(dataDir)) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot delete test datadir dir={0} cause={1}", dataDir, e);
            }
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A JDBC URL for {@code database} (null: none), with the options every test session wants. */
    public String jdbcUrl(String database) {
        return "jdbc:mysql://" + host + ":" + port + "/" + (database == null ? "" : database)
                + "?sslMode=" + sslMode + "&allowPublicKeyRetrieval=true&connectionTimeZone=UTC"
                + "&forceConnectionTimeZoneToSession=true&allowMultiQueries=true";
    }

    /** A new connection to {@code database} (null: none) whose session runs at UTC. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /** Creates a fresh, uniquely named database and returns its name. */
    public String createDatabase(String prefix) {
        String name = (prefix + "_" + ProcessHandle.current().pid() + "_" + DB_SEQ.incrementAndGet())
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        execute("CREATE DATABASE `" + name + "`");
        return name;
    }

    /** Runs statements outside any database, failing the test on error. */
    public void execute(String... sql) {
        try (Connection c = connect(null); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + String.join("; ", sql) + ": " + e.getMessage(), e);
        }
    }
}
