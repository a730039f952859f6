package dev.drainer.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drainer.sim.SimulatedCluster;
import dev.drainer.sim.WorkloadFeed;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.process.ChildJvm;
import dev.drainer.testkit.workload.Workload;
import dev.drainer.testkit.workload.WorkloadSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * {@code drainer run}, the shipped command in a child JVM ({@link CrashableDrainer}), against a
 * {@link SimulatedCluster} fed a generated workload, writing a real MariaDB through the relay log:
 * the demo's story and the kill -9 suite's. The child reads the DDL history from the simulated TiKV
 * with the shipped reader, pulls the simulated pumps and answers on its own port.
 */
public final class RunScenario implements AutoCloseable {
    /** The drainer's node id in the simulated registry. */
    public static final String NODE_ID = "drainer-demo";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final SimulatedCluster cluster;
    private final Deployment deployment;
    private final DemoConfig config;
    private final WorkloadFeed feed;
    private final int port;
    private int drainerRuns;

    private RunScenario(SimulatedCluster cluster, Deployment deployment, DemoConfig config, int port) throws IOException {
        this.cluster = cluster;
        this.deployment = deployment;
        this.config = config;
        this.port = port;
        this.feed = cluster.feed(deployment.workload());
        writeConfig(List.of(), true);
    }

    /**
     * A simulated cluster of {@code clusterId} with {@code pumps} pumps and a workload of
     * {@code transactions} (seeded, {@link WorkloadApplier#spec}; {@code allDdlKinds} adds drop column,
     * add index, rename and drop table) ready to feed, a fresh workload schema and checkpoint schema in
     * {@code db}, and a {@code drainer.toml} under {@code dir}.
     */
    public static RunScenario create(MariaDb db, Path dir, long clusterId, int pumps, long seed, int transactions,
                                     boolean allDdlKinds, int workers, int txnBatch, long maxFileSize) throws IOException {
        Files.createDirectories(dir);
        SimulatedCluster cluster = SimulatedCluster.start(clusterId, pumps, 1);
        try {
            WorkloadSpec spec = WorkloadApplier.spec(seed, db.createDatabase("wl"), transactions, allDdlKinds);
            Workload w = Workload.generate(spec.withFirstCommitTs(cluster.pastFirstCommitTs(spec.tables() + transactions)));
            Deployment d = new Deployment(db, dir, w, db.createDatabase("cp"), clusterId);
            DemoConfig cfg = new DemoConfig(db.host(), db.port(), db.user(), db.password(), d.relayDir(),
                    d.checkpointSchema(), workers, txnBatch, maxFileSize);
            return new RunScenario(cluster, d, cfg, MariaDb.freePort());
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * Rewrites {@code drainer.toml}, making the drainer skip the transactions committed at {@code ignoreTxnCommitTs}
     * and, with PD unreachable at start-up, replay the relay log itself only if {@code autoRecover}.
     */
    public void writeConfig(List<Long> ignoreTxnCommitTs, boolean autoRecover) throws IOException {
        config.writeForRun(deployment.config(), new DemoConfig.Upstream(NODE_ID, cluster.pdEndpoint(), port,
                deployment.workload().firstCommitTs() - 1, ignoreTxnCommitTs, autoRecover));
    }

    public SimulatedCluster cluster() {
        return cluster;
    }

    public Deployment deployment() {
        return deployment;
    }

    public WorkloadFeed feed() {
        return feed;
    }

    public DemoConfig config() {
        return config;
    }

    /**
     * Starts {@code drainer run -config <toml>} in a child JVM, parked at the {@code n}-th hit of crash
     * point {@code point} when it is not null; its output goes to {@code drainer-<k>.log}.
     */
    public ChildJvm startDrainer(String point, int n) throws IOException {
        ChildJvm.Builder b = drainerBuilder();
        if (point != null) {
            b.crashPoint(point, n);
        }
        return b.start();
    }

    /**
     * Runs {@code drainer run} until it exits on its own, giving up on PD after {@code pdWait} (the shipped
     * wait is 100 s): with the upstream stopped, the start-up recovery path and exit 69.
     */
    public Deployment.Run runToExit(Duration pdWait, Duration timeout) throws IOException, InterruptedException {
        try (ChildJvm drainer = drainerBuilder().systemProperty(CrashableDrainer.PD_WAIT_PROPERTY, pdWait.toString()).start()) {
            int code = drainer.awaitExit(timeout);
            return new Deployment.Run(code, false, drainer.output());
        }
    }

    private ChildJvm.Builder drainerBuilder() {
        return ChildJvm.builder(CrashableDrainer.class)
                .args("run", "-config", deployment.config().toString())
                .outputFile(deployment.dir().resolve("drainer-" + ++drainerRuns + ".log"));
    }

    /** The name of the log of the last drainer started. */
    public String lastDrainerLog() {
        return "drainer-" + drainerRuns + ".log";
    }

    /** {@code http://127.0.0.1:<port>}, the drainer's shared port. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The checkpoint ts the running drainer reports on {@code /commit_ts}; empty while it does not answer. */
    public OptionalLong httpCommitTs() {
        try {
            HttpResponse<String> r = get("/commit_ts");
            JsonNode ts = JSON.readTree(r.body()).path("data").path("ts");
            return r.statusCode() == 200 && ts.isIntegralNumber() ? OptionalLong.of(ts.asLong()) : OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    /** Whether the running drainer answers {@code /readyz} with 200 (PD reached, pipeline running). */
    public boolean ready() {
        try {
            return get("/readyz").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Stops the feed and the simulated cluster. */
    @Override
    public void close() {
        feed.close();
        cluster.close();
    }
}
