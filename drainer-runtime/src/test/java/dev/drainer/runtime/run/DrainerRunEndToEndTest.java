package dev.drainer.runtime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.config.ConfigLoader;
import dev.drainer.config.DrainerConfig;
import dev.drainer.pd.PdClient;
import dev.drainer.pd.registry.NodeState;
import dev.drainer.pd.registry.NodeStatus;
import dev.drainer.pd.registry.Registry;
import dev.drainer.runtime.RuntimeFactory;
import dev.drainer.runtime.cli.Main;
import dev.drainer.runtime.schema.SimulatedHistory;
import dev.drainer.runtime.syncer.Pipeline;
import dev.drainer.sim.SimulatedPd;
import dev.drainer.sim.SimulatedPump;
import dev.drainer.sim.tidb.TidbBinlogEncoder;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import dev.drainer.testkit.downstream.DownstreamReader;
import dev.drainer.testkit.downstream.StateComparator;
import dev.drainer.testkit.process.ChildJvm;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drainer run} end to end on the simulator: a workload encoded as TiDB writes it, spread over
 * two simulated pumps, pulled, merged, translated and applied to MariaDB through the relay log; stopped
 * mid-stream (drained, consistent, registry paused) and started again to the end.
 */
@ExtendWith(MariaDbExtension.class)
class DrainerRunEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String NODE = "drainer-e2e";

    @TempDir
    Path tmp;

    private DrainerConfig config(MariaDb db, SimulatedPd pd, String cpSchema, int port, long initialTs) {
        return ConfigLoader.parseToml(configText(db, pd, cpSchema, port, initialTs), "e2e.toml", Map.of());
    }

    private String configText(MariaDb db, SimulatedPd pd, String cpSchema, int port, long initialTs) {
        return SimulatorWorkloads.drainerToml(NODE, db, pd, cpSchema, port, initialTs, tmp.resolve("relay"));
    }

    private static RunOptions options(java.util.function.Consumer<String> probe) {
        return RunOptions.defaults().withPdWait(Duration.ofSeconds(10)).withPullerRetryPause(Duration.ofMillis(200))
                .withPipeline(new Pipeline.Options(Duration.ofMillis(100), Duration.ofMinutes(5), probe));
    }

    @Test
    void replicatesStopsConsistentlyAndResumesToTheOracle(MariaDb db) throws Exception {
        String schema = db.createDatabase("e2e");
        String cp = db.createDatabase("e2ecp");
        try (SimulatedPd pd = SimulatedPd.start(7_200_000_000_000_000_003L);
             PdClient client = PdClient.forUrls(pd.endpoint())) {
            WorkloadSpec spec = SimulatorWorkloads.beforeNow(pd, 51, schema, 800);
            Workload w = Workload.generate(spec);
            long first = w.firstCommitTs();
            TidbBinlogEncoder.Encoded enc = TidbBinlogEncoder.encodeAll(w);
            SimulatedPump a = SimulatedPump.start(pd, "pump-a", Duration.ofMillis(100));
            SimulatedPump b = SimulatedPump.start(pd, "pump-b", Duration.ofMillis(100));
            try (a; b) {
                SimulatorWorkloads.spread(enc, a, b);
                SimulatedHistory history = new SimulatedHistory(enc.history());
                DrainerConfig cfg = config(db, pd, cp, MariaDb.freePort(), first - 1);
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
                Checkpoint stopped = RuntimeFactory.checkpointStore(cfg).load(pd.clusterId()).orElseThrow();
                assertTrue(stopped.consistent(), "a clean stop saves consistent=true: " + stopped);
                assertTrue(stopped.commitTs() > first && stopped.commitTs() < w.lastCommitTs(),
                        "stopped mid-stream at " + stopped.commitTs());
                NodeStatus paused = registryState(registry).orElseThrow();
                assertEquals(NodeState.PAUSED, paused.state());
                assertEquals(stopped.commitTs(), paused.maxCommitTs(), "maxCommitTS is the checkpoint");
                try (Connection c = db.connect(schema)) {
                    StateComparator.compare(w.expectedAt(stopped.commitTs()), DownstreamReader.read(c, w)).assertEqual();
                }
                assertThrows(java.io.IOException.class, () -> get(base + "/healthz"), "the port is closed after the stop");

                // Second run: from the checkpoint to the end.
                DrainerRun run2 = DrainerRun.start(cfg, history, options(p -> { }));
                try {
                    String url = "http://127.0.0.1:" + run2.port();
                    await(() -> downstreamEquals(db, w, w.lastCommitTs()), () -> "downstream reaches the oracle at the end");
                    // Skips do not move the checkpoint (a known gap): the row may stay below the last commit ts
                    // until the close; what the HTTP API and the registry say must be that row.
                    long row = RuntimeFactory.checkpointStore(cfg).load(pd.clusterId()).orElseThrow().commitTs();
                    assertTrue(row > stopped.commitTs() && row <= w.lastCommitTs(), "row " + row);
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
                    await(() -> registryState(registry).map(s -> s.state() == NodeState.ONLINE
                            && s.maxCommitTs() == row).orElse(false), () -> "heartbeat carries the checkpoint");
                } finally {
                    run2.close();
                }
                Checkpoint end = RuntimeFactory.checkpointStore(cfg).load(pd.clusterId()).orElseThrow();
                assertEquals(w.lastCommitTs(), end.commitTs());
                assertTrue(end.consistent());
                assertEquals(NodeState.PAUSED, registryState(registry).orElseThrow().state());
                try (Connection c = db.connect(schema)) {
                    StateComparator.compare(w.expectedAt(w.lastCommitTs()), DownstreamReader.read(c, w)).assertEqual();
                }
            }
        }
    }

    @Test
    void unreachablePdIsReportedAfterTheWaitAndFreesThePort(MariaDb db) throws Exception {
        SimulatedPd pd = SimulatedPd.start(7_200_000_000_000_000_005L);
        pd.stop();
        int port = MariaDb.freePort();
        DrainerConfig cfg = config(db, pd, db.createDatabase("e2enopd"), port, -1);
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
        try (SimulatedPd pd = SimulatedPd.start(7_200_000_000_000_000_007L);
             PdClient client = PdClient.forUrls(pd.endpoint())) {
            WorkloadSpec spec = SimulatorWorkloads.beforeNow(pd, 52, schema, 300);
            Workload w = Workload.generate(spec);
            TidbBinlogEncoder.Encoded enc = TidbBinlogEncoder.encodeAll(w);
            SimulatedPump a = SimulatedPump.start(pd, "pump-a", Duration.ofMillis(100));
            SimulatedPump b = SimulatedPump.start(pd, "pump-b", Duration.ofMillis(100));
            try (a; b) {
                SimulatorWorkloads.spread(enc, a, b);
                int port = MariaDb.freePort();
                Path toml = tmp.resolve("drainer.toml");
                java.nio.file.Files.writeString(toml, configText(db, pd, cp, port, w.firstCommitTs() - 1));
                try (ChildJvm child = ChildJvm.builder(Main.class).args("-config=" + toml)
                        .systemProperty(SimulatedWorkloadHistorySource.PROPERTY, SimulatedWorkloadHistorySource.describe(spec))
                        .outputFile(tmp.resolve("drainer.out")).start()) {
                    String url = "http://127.0.0.1:" + port;
                    await(() -> downstreamEquals(db, w, w.lastCommitTs()), () -> "downstream reaches the oracle; child: " + child.tail(20));
                    assertTrue(commitTs(url) > w.firstCommitTs(), "the child answers /commit_ts");
                    // Not Process.destroy(): it closes the child's output pipe, and the last lines would be lost.
                    assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(child.pid())).start().waitFor());
                    assertEquals(0, child.awaitExit(Duration.ofSeconds(60)), child.tail(40));
                    assertTrue(child.awaitLine(l -> l.startsWith("drainer run: stopped"), Duration.ofSeconds(10)).isPresent(),
                            child.tail(40));
                    assertTrue(child.output().stream().anyMatch(l -> l.contains("signal received, draining signal=SIGTERM")),
                            child.tail(40));
                }
                DrainerConfig cfg = config(db, pd, cp, 0, -1);
                Checkpoint end = RuntimeFactory.checkpointStore(cfg).load(pd.clusterId()).orElseThrow();
                assertEquals(w.lastCommitTs(), end.commitTs());
                assertTrue(end.consistent(), end.toString());
                NodeStatus rec = registryState(new Registry(client.etcd(Duration.ofSeconds(5)))).orElseThrow();
                assertEquals(NodeState.PAUSED, rec.state());
                assertEquals(w.lastCommitTs(), rec.maxCommitTs());
                try (Connection c = db.connect(schema)) {
                    StateComparator.compare(w.expectedAt(w.lastCommitTs()), DownstreamReader.read(c, w)).assertEqual();
                }
            }
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
