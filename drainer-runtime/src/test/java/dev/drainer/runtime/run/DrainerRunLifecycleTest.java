package dev.drainer.runtime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointException;
import dev.drainer.config.ConfigLoader;
import dev.drainer.config.DrainerConfig;
import dev.drainer.config.TlsConfig;
import dev.drainer.pd.PdClient;
import dev.drainer.pd.registry.NodeState;
import dev.drainer.pd.registry.NodeStatus;
import dev.drainer.pd.registry.Registry;
import dev.drainer.runtime.RuntimeFactory;
import dev.drainer.runtime.schema.DdlHistory;
import dev.drainer.runtime.schema.Job;
import dev.drainer.runtime.syncer.Pipeline;
import dev.drainer.sim.SimulatedPd;
import dev.drainer.sim.SimulatedPump;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drainer run}'s life on an idle simulated upstream (one pump writing fakes): the checkpoint
 * follows the fakes (spec §1.6); binlogctl's pause and close over HTTP (§9.2); PD lost while running
 * (§1.3 heartbeat); the worst drain time kept in the data-dir.
 */
@ExtendWith(MariaDbExtension.class)
class DrainerRunLifecycleTest {
    private static final String NODE = "drainer-life";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** An upstream without DDLs: nothing to decode, only fakes arrive. */
    private static final DdlHistory NO_DDL = new DdlHistory() {
        @Override
        public List<Job> allJobs() {
            return List.of();
        }

        @Override
        public Optional<Job> job(long jobId) {
            return Optional.empty();
        }
    };

    @TempDir
    Path tmp;

    private DrainerConfig config(MariaDb db, SimulatedPd pd, String cpSchema) throws java.io.IOException {
        return ConfigLoader.parseToml(String.join("\n",
                "node-id = \"" + NODE + "\"", "addr = \"127.0.0.1:" + MariaDb.freePort() + "\"",
                "pd-urls = \"" + pd.endpoint() + "\"", "detect-interval = 1", "data-dir = \"" + tmp.resolve("data") + "\"",
                "[syncer]", "worker-count = 2",
                "[syncer.relay]", "log-dir = \"" + tmp.resolve("relay") + "\"",
                "[syncer.to]", "host = \"127.0.0.1\"", "port = " + db.port(), "user = \"" + db.user() + "\"",
                "password = \"" + db.password() + "\"",
                "[syncer.to.checkpoint]", "schema = \"" + cpSchema + "\"", ""), "life.toml", Map.of());
    }

    static RunOptions options() {
        return RunOptions.defaults().withPdWait(Duration.ofSeconds(10)).withPullerRetryPause(Duration.ofMillis(200))
                .withPipeline(new Pipeline.Options(Duration.ofMillis(100), Duration.ofMinutes(5), p -> { }));
    }

    @Test
    void fakesOfAnIdleUpstreamAdvanceTheCheckpoint(MariaDb db) throws Exception {
        String cp = db.createDatabase("lifeidle");
        try (SimulatedPd pd = SimulatedPd.start(7_200_000_000_000_000_011L);
             PdClient client = PdClient.forUrls(pd.endpoint());
             SimulatedPump pump = SimulatedPump.start(pd, "pump-idle", Duration.ofMillis(100))) {
            DrainerConfig cfg = config(db, pd, cp);
            Registry registry = new Registry(client.etcd(Duration.ofSeconds(5)));
            DrainerRun run = DrainerRun.start(cfg, NO_DDL, options());
            long startTs = run.checkpointTs();
            try {
                await(() -> row(cfg, pd).map(Checkpoint::commitTs).orElse(0L) > startTs, () -> "the row passes the start ts");
                await(() -> registryState(registry).map(s -> s.maxCommitTs() > startTs).orElse(false),
                        () -> "the heartbeat's maxCommitTS passes the start ts");
                String metrics = get("http://127.0.0.1:" + run.port() + "/metrics");
                assertTrue(sample(metrics, "binlog_drainer_checkpoint_tso") > (startTs >>> 18), metrics);
                assertTrue(sample(metrics, "binlog_drainer_checkpoint_delay_seconds_count") >= 2, metrics);
                assertTrue(sample(metrics, "binlog_drainer_event{type=\"savepoint\"}") >= 2, metrics);
            } finally {
                run.stop();
                run.awaitEnd();
            }
            Checkpoint end = row(cfg, pd).orElseThrow();
            assertTrue(end.consistent() && end.commitTs() > startTs, end.toString());
            assertTrue(pump.storedCommitTs().contains(end.commitTs()), "the checkpoint is a fake's commit ts: " + end);
            assertEquals(0, RuntimeFactory.checkpointStore(cfg).load(pd.clusterId()).orElseThrow().schemaVersion());
        }
    }

    /** Go's answer to PUT /state (the bytes are HttpRoutesTest's subject; here the wiring is). */
    private static String answer(int code, String message) {
        return HttpRoutes.actionAnswer(new NodeStateControl.Answer(code, message));
    }

    @Test
    void pauseOverHttpDrainsToConsistentAndLeavesTheNodePaused(MariaDb db) throws Exception {
        String cp = db.createDatabase("lifepause");
        try (SimulatedPd pd = SimulatedPd.start(7_200_000_000_000_000_013L);
             PdClient client = PdClient.forUrls(pd.endpoint());
             SimulatedPump pump = SimulatedPump.start(pd, "pump-idle", Duration.ofMillis(100))) {
            DrainerConfig cfg = config(db, pd, cp);
            Registry registry = new Registry(client.etcd(Duration.ofSeconds(5)));
            DrainerRun run = DrainerRun.start(cfg, NO_DDL, options());
            String base = "http://127.0.0.1:" + run.port() + "/state/";
            HttpResponse<String> wrongNode = put(base + "other/pause");
            assertEquals("""
                    {
                      "message": "invalid nodeID other, this pump's nodeID is drainer-life",
                      "code": 3,
                      "data": null
                    }
                    """, wrongNode.body());
            assertEquals("application/json; charset=UTF-8", wrongNode.headers().firstValue("Content-Type").orElse(""));
            assertEquals(answer(3, "invalid action jump"), put(base + NODE + "/jump").body());
            assertEquals(405, HTTP.send(HttpRequest.newBuilder(URI.create(base + NODE + "/pause")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> offPattern = put(base + NODE);
            assertEquals(404, offPattern.statusCode());
            assertEquals("404 page not found\n", offPattern.body());
            assertEquals(NodeState.ONLINE, registryState(registry).orElseThrow().state(), "refused actions change nothing");

            HttpResponse<String> ok = put(base + NODE + "/pause");
            assertEquals(200, ok.statusCode());
            assertEquals(answer(200, "apply action pause success!"), ok.body());
            run.awaitEnd();
            Checkpoint end = row(cfg, pd).orElseThrow();
            assertTrue(end.consistent(), end.toString());
            NodeStatus rec = registryState(registry).orElseThrow();
            assertEquals(NodeState.PAUSED, rec.state());
            assertEquals(end.commitTs(), rec.maxCommitTs());
            assertTrue(run.drainMillis() >= 0 && run.worstDrainMillis() >= run.drainMillis(), run.drainMillis() + "");
            assertEquals(Long.toString(run.worstDrainMillis()),
                    Files.readString(Path.of(cfg.dataDir()).resolve(DrainTimes.FILE)), "kept for the next run");

            // The next run starts with that worst time on its gauge.
            DrainerRun next = DrainerRun.start(cfg, NO_DDL, options());
            try {
                String metrics = get("http://127.0.0.1:" + next.port() + "/metrics");
                assertEquals(run.worstDrainMillis() / 1000.0, sample(metrics, DrainTimes.METRIC), metrics);
            } finally {
                next.close();
            }
        }
    }

    @Test
    void anUnreadableSecurityFileFailsTheStartBeforeThePortListens(MariaDb db) throws Exception {
        try (SimulatedPd pd = SimulatedPd.start(7_200_000_000_000_000_023L)) {
            DrainerConfig plain = config(db, pd, "lifetls");
            String missing = tmp.resolve("ca.pem").toString();
            DrainerConfig cfg = new DrainerConfig(plain.logLevel(), plain.nodeId(), plain.addr(), plain.advertiseAddr(),
                    plain.dataDir(), plain.detectInterval(), plain.pdUrls(), plain.logFile(), plain.initialCommitTs(),
                    plain.syncedCheckTime(), plain.compressor(), new TlsConfig(missing, "", "", List.of()),
                    plain.metricsAddr(), plain.metricsInterval(), plain.cacheBinlogCount(), plain.syncer());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DrainerRun.start(cfg, NO_DDL, options()));
            assertTrue(e.getMessage().startsWith("[security] ssl-ca file " + missing + ": cannot read it"), e.getMessage());
            int port = Integer.parseInt(cfg.addr().substring(cfg.addr().lastIndexOf(':') + 1));
            assertThrows(java.net.ConnectException.class,
                    () -> new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port).close(),
                    "nothing listens on " + cfg.addr());
        }
    }

    @Test
    void closeOverHttpLeavesTheNodeOffline(MariaDb db) throws Exception {
        String cp = db.createDatabase("lifeclose");
        try (SimulatedPd pd = SimulatedPd.start(7_200_000_000_000_000_017L);
             PdClient client = PdClient.forUrls(pd.endpoint());
             SimulatedPump pump = SimulatedPump.start(pd, "pump-idle", Duration.ofMillis(100))) {
            DrainerConfig cfg = config(db, pd, cp);
            Registry registry = new Registry(client.etcd(Duration.ofSeconds(5)));
            DrainerRun run = DrainerRun.start(cfg, NO_DDL, options());
            assertEquals(answer(200, "apply action close success!"),
                    put("http://127.0.0.1:" + run.port() + "/state/" + NODE + "/close").body());
            run.awaitEnd();
            assertTrue(row(cfg, pd).orElseThrow().consistent());
            assertEquals(NodeState.OFFLINE, registryState(registry).orElseThrow().state());
        }
    }

    @Test
    void pdLostWhileRunningDrainsToConsistentAndEnds(MariaDb db) throws Exception {
        String cp = db.createDatabase("lifelost");
        try (SimulatedPd pd = SimulatedPd.start(7_200_000_000_000_000_019L);
             SimulatedPump pump = SimulatedPump.start(pd, "pump-idle", Duration.ofMillis(100))) {
            DrainerConfig cfg = config(db, pd, cp);
            DrainerRun run = DrainerRun.start(cfg, NO_DDL, options().withHeartbeat(Duration.ofMillis(200), 3));
            long startTs = run.checkpointTs();
            await(() -> row(cfg, pd).map(Checkpoint::commitTs).orElse(0L) > startTs, () -> "replicating fakes");
            pd.stop();
            // The pump still serves fakes: only PD is gone, and only the heartbeat notices.
            PdUnreachableException e = org.junit.jupiter.api.Assertions.assertThrows(PdUnreachableException.class, run::awaitEnd);
            assertTrue(e.getMessage().startsWith("PD lost: 3 heartbeats in a row failed"), e.getMessage());
            Checkpoint end = row(cfg, pd).orElseThrow();
            assertTrue(end.consistent() && end.commitTs() > startTs, end.toString());
            assertTrue(e.getMessage().endsWith("consistent=true at checkpointTS=" + end.commitTs()), e.getMessage());
            assertTrue(run.drainMillis() >= 0);
        }
    }

    /** The value of the sample written exactly as {@code nameAndLabels}. */
    static double sample(String exposition, String nameAndLabels) {
        return exposition.lines().filter(l -> l.startsWith(nameAndLabels + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(nameAndLabels.length() + 1)))
                .orElseThrow(() -> new AssertionError("no sample " + nameAndLabels + " in\n" + exposition));
    }

    static String get(String url) throws java.io.IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpResponse<String> put(String url) throws java.io.IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Optional<Checkpoint> row(DrainerConfig cfg, SimulatedPd pd) {
        try {
            return RuntimeFactory.checkpointStore(cfg).load(pd.clusterId());
        } catch (CheckpointException e) {
            return Optional.empty();
        }
    }

    static Optional<NodeStatus> registryState(Registry r) {
        try {
            return r.drainer(NODE);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static void await(BooleanSupplier condition, Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what.get());
            }
            Thread.sleep(50);
        }
    }
}
