package dev.drainer.runtime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointException;
import dev.drainer.config.ConfigLoader;
import dev.drainer.config.DrainerConfig;
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
 * follows the fakes (spec §1.6).
 */
@ExtendWith(MariaDbExtension.class)
class DrainerRunLifecycleTest {
    private static final String NODE = "drainer-life";
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
