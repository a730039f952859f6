package dev.drainer.runtime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.TlsFiles;
import dev.drainer.checkpoint.TlsMaterial;
import dev.drainer.config.ConfigLoader;
import dev.drainer.config.DrainerConfig;
import dev.drainer.pd.PdClient;
import dev.drainer.pd.registry.NodeState;
import dev.drainer.pd.registry.NodeStatus;
import dev.drainer.pd.registry.Registry;
import dev.drainer.runtime.RuntimeFactory;
import dev.drainer.runtime.cli.Main;
import dev.drainer.runtime.schema.Job;
import dev.drainer.runtime.schema.MetaJson;
import dev.drainer.runtime.schema.SimulatedHistory;
import dev.drainer.runtime.syncer.Pipeline;
import dev.drainer.sim.SimulatedCluster;
import dev.drainer.sim.ServerTls;
import dev.drainer.sim.SimulatedPd;
import dev.drainer.sim.SimulatedPump;
import dev.drainer.sim.SimulatedTikv;
import dev.drainer.sim.tidb.TidbBinlogEncoder;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import dev.drainer.testkit.db.TestPki;
import dev.drainer.testkit.db.TestPki.Identity;
import dev.drainer.testkit.downstream.DownstreamReader;
import dev.drainer.testkit.downstream.StateComparator;
import dev.drainer.testkit.process.ChildJvm;
import dev.drainer.testkit.workload.DatabaseState;
import dev.drainer.testkit.workload.Workload;
import dev.drainer.testkit.workload.WorkloadSpec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drainer run} end to end on the simulator: a workload encoded as TiDB writes it, spread over
 * two simulated pumps, its DDL history in the simulated TiKV's meta (read through PD's regions, as
 * the shipped {@link TikvDdlHistorySource} does), pulled, merged, translated and applied to MariaDB
 * through the relay log; stopped mid-stream (drained, consistent, registry paused) and started again
 * to the end; the checkpoint's {@code schema-version} follows the applied DDLs and never goes back.
 */
@ExtendWith(MariaDbExtension.class)
class DrainerRunEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String NODE = "drainer-e2e";

    @TempDir
    Path tmp;

    private DrainerConfig config(MariaDb db, String pdUrls, String cpSchema, int port, long initialTs) {
        return ConfigLoader.parseToml(configText(db, pdUrls, cpSchema, port, initialTs), "e2e.toml", Map.of());
    }

    private String configText(MariaDb db, String pdUrls, String cpSchema, int port, long initialTs) {
        return String.join("\n",
                "node-id = \"" + NODE + "\"", "addr = \"127.0.0.1:" + port + "\"", "pd-urls = \"" + pdUrls + "\"",
                "detect-interval = 1", "initial-commit-ts = " + initialTs,
                "[syncer]", "worker-count = 4", "txn-batch = 5",
                "[syncer.relay]", "log-dir = \"" + tmp.resolve("relay") + "\"",
                "[syncer.to]", "host = \"127.0.0.1\"", "port = " + db.port(), "user = \"" + db.user() + "\"",
                "password = \"" + db.password() + "\"",
                "[syncer.to.checkpoint]", "schema = \"" + cpSchema + "\"", "");
    }

    private static RunOptions options(java.util.function.Consumer<String> probe) {
        return RunOptions.defaults().withPdWait(Duration.ofSeconds(10)).withPullerRetryPause(Duration.ofMillis(200))
                .withPipeline(new Pipeline.Options(Duration.ofMillis(100), Duration.ofMinutes(5), probe));
    }

    @Test
    void replicatesStopsConsistentlyAndResumesToTheOracle(MariaDb db) throws Exception {
        String schema = db.createDatabase("e2e");
        String cp = db.createDatabase("e2ecp");
        try (SimulatedCluster upstream = SimulatedCluster.start(7_200_000_000_000_000_003L, 2, 1);
             PdClient client = PdClient.forUrls(upstream.pdEndpoint())) {
            Workload w = Workload.generate(spec(51, schema, 800, upstream.pastFirstCommitTs(800)));
            long first = w.firstCommitTs();
            TidbBinlogEncoder.Encoded enc = upstream.load(w);
            DrainerConfig cfg = config(db, upstream.pdEndpoint(), cp, MariaDb.freePort(), first - 1);
            try (TikvDdlHistory history = (TikvDdlHistory) new TikvDdlHistorySource().open(cfg).orElseThrow()) {
                Registry registry = new Registry(client.etcd(Duration.ofSeconds(5)));

                // First run: stopped from its third checkpoint save on, long before the end.
                AtomicReference<DrainerRun> first1 = new AtomicReference<>();
                AtomicInteger saves = new AtomicInteger();
                DrainerRun run1 = DrainerRun.start(cfg, history, options(p -> {
                    if (p.equals(CheckpointWatch.SAVED_PROBE) && saves.incrementAndGet() == 3) {
                        CompletableFuture.runAsync(() -> first1.get().stop());
                    }
                }));
                first1.set(run1);
                String base = "http://127.0.0.1:" + run1.port();
                await(() -> registryState(registry).map(s -> s.state() == NodeState.ONLINE).orElse(false), () -> "record online");
                run1.awaitEnd();
                Checkpoint stopped = RuntimeFactory.checkpointStore(cfg).load(upstream.clusterId()).orElseThrow();
                assertTrue(stopped.consistent(), "a clean stop saves consistent=true: " + stopped);
                assertTrue(stopped.commitTs() > first && stopped.commitTs() < w.lastCommitTs(),
                        "stopped mid-stream at " + stopped.commitTs());
                NodeStatus paused = registryState(registry).orElseThrow();
                assertEquals(NodeState.PAUSED, paused.state());
                assertEquals(stopped.commitTs(), paused.maxCommitTs(), "maxCommitTS is the checkpoint");
                try (Connection c = db.connect(schema)) {
                    StateComparator.compare(w.expectedAt(stopped.commitTs()), DownstreamReader.read(c, w)).assertEqual();
                }
                assertEquals(lastDdlVersion(enc, first, stopped.commitTs()), stopped.schemaVersion(),
                        "schema-version is the last applied DDL's: " + stopped);
                assertThrows(java.io.IOException.class, () -> get(base + "/healthz"), "the port is closed after the stop");

                // Second run: from the checkpoint to the end.
                DrainerRun run2 = DrainerRun.start(cfg, history, options(p -> { }));
                try {
                    String url = "http://127.0.0.1:" + run2.port();
                    await(() -> downstreamEquals(db, w, w.lastCommitTs()), () -> "downstream reaches the oracle at the end");
                    // The pumps' fakes (at PD's now, after every transaction) carry the checkpoint past the last one.
                    await(() -> checkpointRow(cfg, upstream.clusterId()) > w.lastCommitTs(), () -> "fakes advance the checkpoint");
                    // A paused pump holds the merge, so the row stops moving and can be compared with what is reported.
                    upstream.pumps().get(0).pause();
                    await(() -> settled(cfg, upstream.clusterId()), () -> "the checkpoint row settles");
                    long row = checkpointRow(cfg, upstream.clusterId());
                    await(() -> commitTs(url) == row, () -> "/commit_ts answers the checkpoint row " + row);
                    JsonNode status = JSON.readTree(get(url + "/status").body());
                    assertEquals(List.of("PumpPos", "Synced", "LastTS", "TsMap"), fieldNames(status));
                    assertEquals(row, status.get("LastTS").asLong());
                    assertEquals(List.of("pump-a", "pump-b"), fieldNames(status.get("PumpPos")));
                    assertEquals("", status.get("TsMap").asText());
                    assertEquals(200, get(url + "/healthz").statusCode());
                    assertEquals(200, get(url + "/readyz").statusCode());
                    String metrics = get(url + "/metrics").body();
                    assertTrue(metrics.contains("binlog_drainer_pump_position{nodeID=\"pump-a\"}"), metrics);
                    assertEquals(row >>> 18, DrainerRunLifecycleTest.sample(metrics, "binlog_drainer_checkpoint_tso"), metrics);
                    assertTrue(DrainerRunLifecycleTest.sample(metrics, "binlog_drainer_event{type=\"Insert\"}") > 0, metrics);
                    // The loader's statement and commit timings, the hand-over to it, and the queues' sizes.
                    assertTrue(DrainerRunLifecycleTest.sample(metrics, "binlog_drainer_query_duration_time_count{type=\"exec\"}") > 0);
                    assertTrue(DrainerRunLifecycleTest.sample(metrics, "binlog_drainer_query_duration_time_count{type=\"commit\"}") > 0);
                    assertTrue(DrainerRunLifecycleTest.sample(metrics, "binlog_drainer_execute_duration_time_count") > 0);
                    // Set once per batch; a batch is at most txn-batch 5 x worker-count 4 x 3 row changes, so neither
                    // queue can hold more items than that.
                    int batchLimit = 5 * 4 * 3;
                    for (String queue : List.of("syncer_input", "worker_0", "worker_3")) {
                        double size = DrainerRunLifecycleTest.sample(metrics, "binlog_drainer_queue_size{name=\"" + queue + "\"}");
                        assertTrue(size >= 0 && size <= batchLimit, queue + " = " + size);
                    }
                    await(() -> registryState(registry).map(s -> s.state() == NodeState.ONLINE
                            && s.maxCommitTs() == row).orElse(false), () -> "heartbeat carries the checkpoint");
                } finally {
                    run2.close();
                }
                Checkpoint end = RuntimeFactory.checkpointStore(cfg).load(upstream.clusterId()).orElseThrow();
                assertTrue(end.commitTs() > w.lastCommitTs(), "the fakes after the last transaction: " + end);
                assertTrue(end.consistent());
                assertEquals(lastDdlVersion(enc, first, w.lastCommitTs()), end.schemaVersion(), end.toString());
                assertTrue(end.schemaVersion() > stopped.schemaVersion(), "DDLs after the stop moved it on: " + end);
                assertEquals(NodeState.PAUSED, registryState(registry).orElseThrow().state());

                // A third run with nothing new to apply: the version stays where it is, it never goes back.
                DrainerRun run3 = DrainerRun.start(cfg, history, options(p -> { }));
                run3.close();
                assertEquals(end.schemaVersion(),
                        RuntimeFactory.checkpointStore(cfg).load(upstream.clusterId()).orElseThrow().schemaVersion());
                try (Connection c = db.connect(schema)) {
                    StateComparator.compare(w.expectedAt(w.lastCommitTs()), DownstreamReader.read(c, w)).assertEqual();
                }
            }
        }
    }

    /**
     * Every DDL kind interleaved with DML (drop column with its delete-only binlog, add index, rename,
     * drop and create again) through {@code drainer run}: stopped mid-stream, then resumed to the end;
     * contents and indexes equal the oracle at both checkpoints.
     */
    @Test
    void everyDdlKindReplicatesAcrossAStopAndResume(MariaDb db) throws Exception {
        String schema = db.createDatabase("e2eddl");
        String cp = db.createDatabase("e2eddlcp");
        try (SimulatedCluster upstream = SimulatedCluster.start(7_200_000_000_000_000_009L, 2, 1)) {
            Workload w = Workload.generate(spec(53, schema, 400, upstream.pastFirstCommitTs(400))
                    .withDdlRatio(0.12).withAllDdlKinds());
            TidbBinlogEncoder.Encoded enc = upstream.load(w);
            SimulatedHistory history = new SimulatedHistory(enc.history());
            DrainerConfig cfg = config(db, upstream.pdEndpoint(), cp, MariaDb.freePort(), w.firstCommitTs() - 1);
            AtomicReference<DrainerRun> run1 = new AtomicReference<>();
            AtomicInteger saves = new AtomicInteger();
            run1.set(DrainerRun.start(cfg, history, options(p -> {
                if (p.equals(CheckpointWatch.SAVED_PROBE) && saves.incrementAndGet() == 12) {
                    CompletableFuture.runAsync(() -> run1.get().stop());
                }
            })));
            run1.get().awaitEnd();
            Checkpoint stopped = RuntimeFactory.checkpointStore(cfg).load(upstream.clusterId()).orElseThrow();
            assertTrue(stopped.commitTs() < w.lastCommitTs(), "stopped mid-stream at " + stopped.commitTs());
            assertDownstreamIs(db, w, stopped.commitTs());
            DrainerRun run2 = DrainerRun.start(cfg, history, options(p -> { }));
            try {
                await(() -> downstreamEquals(db, w, w.lastCommitTs()), () -> "downstream reaches the oracle at the end");
            } finally {
                run2.close();
            }
            assertDownstreamIs(db, w, w.lastCommitTs());
        }
    }

    /**
     * A TLS cluster throughout: PD, TiKV and pumps serve mutual TLS, and the drainer serves TLS on its own port
     * with {@code cert-allowed-cn}; a pump registering while the drainer runs calls its Notify over TLS, and
     * {@code /status} answers over HTTPS to a client with a listed certificate.
     */
    @Test
    void aTlsClusterReplicatesAndTheDrainerServesTlsToItsPumps(MariaDb db) throws Exception {
        String schema = db.createDatabase("e2etls");
        String cp = db.createDatabase("e2etlscp");
        TestPki pki = TestPki.create(tmp, "cluster");
        Identity upstreamId = pki.issuePeer("upstream", TestPki.KeyFormat.RSA_PKCS8);
        Identity drainerId = pki.issuePeer("drainer", TestPki.KeyFormat.EC_PKCS8);
        ServerTls serverTls = new ServerTls(upstreamId.certPem(), upstreamId.keyPem(), pki.caPem());
        try (SimulatedCluster upstream = SimulatedCluster.start(7_200_000_000_000_000_011L, 2, 1, null, serverTls)) {
            Workload w = Workload.generate(spec(54, schema, 200, upstream.pastFirstCommitTs(200)));
            upstream.load(w);
            int port = MariaDb.freePort();
            String toml = configText(db, upstream.pdEndpoint(), cp, port, w.firstCommitTs() - 1) + String.join("\n",
                    "[security]", "ssl-ca = \"" + pki.caPem() + "\"", "ssl-cert = \"" + drainerId.certPem() + "\"",
                    "ssl-key = \"" + drainerId.keyPem() + "\"", "cert-allowed-cn = [\"upstream\"]", "");
            DrainerConfig cfg = ConfigLoader.parseToml(toml, "e2e-tls.toml", Map.of());
            TlsMaterial client = TlsMaterial.read(new TlsFiles(pki.caPem(), upstreamId.certPem(), upstreamId.keyPem()));
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(client.keyManagers(), client.trustManagers(), null);
            HttpClient https = HttpClient.newBuilder().sslContext(ctx).build();
            String url = "https://127.0.0.1:" + port + "/status";
            try (TikvDdlHistory history = (TikvDdlHistory) new TikvDdlHistorySource().open(cfg).orElseThrow()) {
                DrainerRun run = DrainerRun.start(cfg, history, options(p -> { }));
                try {
                    await(() -> downstreamEquals(db, w, w.lastCommitTs()), () -> "downstream reaches the oracle at the end");
                    // Registering calls Notify on every online drainer and fails if one cannot be notified.
                    try (SimulatedPump late = SimulatedPump.start(upstream.pd(), "pump-late", Duration.ofMillis(100))) {
                        await(() -> pumpNames(https, url).contains("pump-late"), () -> "/status lists the late pump");
                        assertEquals(List.of("pump-a", "pump-b", "pump-late"), pumpNames(https, url));
                    }
                    assertThrows(java.io.IOException.class, () -> get(url.replace("https:", "http:")),
                            "no plaintext answer on a TLS port");
                } finally {
                    run.close();
                }
            }
            Checkpoint end = RuntimeFactory.checkpointStore(cfg).load(upstream.clusterId()).orElseThrow();
            assertTrue(end.consistent() && end.commitTs() >= w.lastCommitTs(), end.toString());
            assertDownstreamIs(db, w, w.lastCommitTs());
        }
    }

    private static List<String> pumpNames(HttpClient https, String url) {
        try {
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                    .build(), HttpResponse.BodyHandlers.ofString());
            JsonNode pumps = JSON.readTree(r.body()).get("PumpPos");
            return pumps == null || pumps.isNull() ? List.of() : fieldNames(pumps);
        } catch (java.io.IOException | InterruptedException e) {
            return List.of();
        }
    }

    /** Contents and secondary indexes equal the oracle's at {@code ts}. */
    private static void assertDownstreamIs(MariaDb db, Workload w, long ts) throws Exception {
        try (Connection c = db.connect(w.schema())) {
            DatabaseState expected = w.expectedAt(ts);
            StateComparator.compare(expected, DownstreamReader.read(c, w)).assertEqual();
            assertEquals(DownstreamReader.secondaryIndexes(expected), DownstreamReader.secondaryIndexes(c, w.schema()));
        }
    }

    @Test
    void unreachablePdIsReportedAfterTheWaitAndFreesThePort(MariaDb db) throws Exception {
        SimulatedPd pd = SimulatedPd.start(7_200_000_000_000_000_005L);
        pd.stop();
        int port = MariaDb.freePort();
        DrainerConfig cfg = config(db, pd.endpoint(), db.createDatabase("e2enopd"), port, -1);
        long t0 = System.nanoTime();
        PdUnreachableException e = assertThrows(PdUnreachableException.class,
                () -> DrainerRun.start(cfg, new SimulatedHistory(TidbBinlogEncoder.encodeAll(
                        Workload.generate(WorkloadSpec.defaults(1, "x").withTransactions(1))).history()),
                        options(p -> { }).withPdWait(Duration.ofSeconds(2))));
        assertTrue(System.nanoTime() - t0 >= Duration.ofSeconds(1).toNanos(), "it waited before giving up");
        assertTrue(e.getMessage().contains(pd.endpoint().replace("http://", "")), e.getMessage());
        // Connect rather than re-bind: an outgoing connection may borrow the freed port as its source port.
        assertThrows(java.net.ConnectException.class,
                () -> new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port).close(),
                "nothing listens on the shared port any more");
    }

    @Test
    void theCommandRunsUntilSigtermThenDrainsSavesConsistentAndExitsZero(MariaDb db) throws Exception {
        String schema = db.createDatabase("e2ecli");
        String cp = db.createDatabase("e2eclicp");
        // Two stores, the history split over two regions led by different stores: the child walks both.
        try (SimulatedCluster upstream = SimulatedCluster.start(7_200_000_000_000_000_007L, 2, 2);
             PdClient client = PdClient.forUrls(upstream.pdEndpoint())) {
            Workload w = Workload.generate(spec(52, schema, 300, upstream.pastFirstCommitTs(300)));
            TidbBinlogEncoder.Encoded enc = upstream.load(w);
            assertTrue(enc.binlogs().stream().skip(enc.binlogs().size() / 3).anyMatch(b -> b.getDdlJobId() > 0),
                    "the workload has DDLs mid-stream");
            SimulatedTikv tikv = upstream.tikv();
            long middleJob = enc.history().jobsById().keySet().stream().sorted().skip(2).findFirst().orElseThrow();
            tikv.split(dev.drainer.sim.tidb.TidbMetaKeys.historyJob(middleJob));
            tikv.transferLeader(dev.drainer.sim.tidb.TidbMetaKeys.historyJob(middleJob), 2);
            int port = MariaDb.freePort();
            Path toml = tmp.resolve("drainer.toml");
            java.nio.file.Files.writeString(toml, configText(db, upstream.pdEndpoint(), cp, port, w.firstCommitTs() - 1));
            try (ChildJvm child = ChildJvm.builder(Main.class).args("-config=" + toml)
                    .outputFile(tmp.resolve("drainer.out")).start()) {
                String url = "http://127.0.0.1:" + port;
                await(() -> downstreamEquals(db, w, w.lastCommitTs()), () -> "downstream reaches the oracle; child: " + child.tail(20));
                assertTrue(commitTs(url) > w.firstCommitTs(), "the child answers /commit_ts");
                // Not Process.destroy(): it closes the child's output pipe, and the last lines would be lost.
                assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(child.pid())).start().waitFor());
                assertEquals(0, child.awaitExit(Duration.ofSeconds(60)), child.tail(40));
                assertTrue(child.awaitLine(l -> l.startsWith("drainer run: stopped") && l.contains(" drainMillis=")
                        && l.contains(" worstDrainMillis="), Duration.ofSeconds(10)).isPresent(), child.tail(40));
                assertTrue(child.output().stream().anyMatch(l -> l.contains("signal received, draining signal=SIGTERM")),
                        child.tail(40));
            }
            DrainerConfig cfg = config(db, upstream.pdEndpoint(), cp, 0, -1);
            Checkpoint end = RuntimeFactory.checkpointStore(cfg).load(upstream.clusterId()).orElseThrow();
            assertTrue(end.commitTs() >= w.lastCommitTs(), "at or past the last transaction (fakes): " + end);
            assertTrue(end.consistent(), end.toString());
            assertEquals(lastDdlVersion(enc, w.firstCommitTs(), w.lastCommitTs()), end.schemaVersion(), end.toString());
            assertTrue(tikv.getCalls() > 0, "DDL jobs were read by id from the simulated TiKV");
            NodeStatus rec = registryState(new Registry(client.etcd(Duration.ofSeconds(5)))).orElseThrow();
            assertEquals(NodeState.PAUSED, rec.state());
            assertEquals(end.commitTs(), rec.maxCommitTs());
            try (Connection c = db.connect(schema)) {
                StateComparator.compare(w.expectedAt(w.lastCommitTs()), DownstreamReader.read(c, w)).assertEqual();
            }
        }
    }

    private static WorkloadSpec spec(long seed, String schema, int transactions, long firstCommitTs) {
        return WorkloadSpec.defaults(seed, schema).withTransactions(transactions).withFirstCommitTs(firstCommitTs);
    }

    /** The schema version of the last DDL binlog in {@code (from, to]} (the history's own JSON), or 0. */
    private static long lastDdlVersion(TidbBinlogEncoder.Encoded enc, long from, long to) {
        return enc.history().allJobs().stream().map(MetaJson::job)
                .filter(j -> j.finishedTs() > from && j.finishedTs() <= to)
                .mapToLong(Job::schemaVersion).max().orElse(0);
    }

    /** The row kept its value over a few heartbeats. */
    private static boolean settled(DrainerConfig cfg, long clusterId) {
        long before = checkpointRow(cfg, clusterId);
        try {
            Thread.sleep(2_500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return before == checkpointRow(cfg, clusterId);
    }

    private static long checkpointRow(DrainerConfig cfg, long clusterId) {
        try {
            return RuntimeFactory.checkpointStore(cfg).load(clusterId).map(Checkpoint::commitTs).orElse(0L);
        } catch (dev.drainer.checkpoint.CheckpointException e) {
            return -1;
        }
    }

    private static boolean downstreamEquals(MariaDb db, Workload w, long ts) {
        try (Connection c = db.connect(w.schema())) {
            return StateComparator.compare(w.expectedAt(ts), DownstreamReader.read(c, w)).isEqual();
        } catch (java.sql.SQLException e) {
            return false; // tables not created yet
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static java.util.Optional<NodeStatus> registryState(Registry r) {
        try {
            return r.drainer(NODE);
        } catch (Exception e) {
            return java.util.Optional.empty();
        }
    }

    private static long commitTs(String base) {
        try {
            JsonNode n = JSON.readTree(get(base + "/commit_ts").body());
            assertEquals("get drainer's latest ts success!", n.get("message").asText());
            assertEquals(200, n.get("code").asInt());
            return n.get("data").get("ts").asLong();
        } catch (java.io.IOException | InterruptedException e) {
            return -1;
        }
    }

    private static HttpResponse<String> get(String url) throws java.io.IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what.get());
            }
            Thread.sleep(50);
        }
    }
}
