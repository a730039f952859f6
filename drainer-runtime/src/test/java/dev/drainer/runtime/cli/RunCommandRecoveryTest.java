package dev.drainer.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.config.ConfigLoader;
import dev.drainer.config.DrainerConfig;
import dev.drainer.proto.secondary.SecondaryBinlog;
import dev.drainer.runtime.RuntimeFactory;
import dev.drainer.runtime.run.RunOptions;
import dev.drainer.runtime.syncer.Pipeline;
import dev.drainer.sim.SimulatedPd;
import dev.drainer.testkit.binlog.SecondaryBinlogEncoder;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import dev.drainer.testkit.downstream.DownstreamReader;
import dev.drainer.testkit.downstream.StateComparator;
import dev.drainer.testkit.workload.Workload;
import dev.drainer.testkit.workload.WorkloadSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drainer run} with PD unreachable at start-up (spec §7): a torn downstream (an applier
 * interrupted in-process after relaying ahead of the checkpoint) is left alone with
 * {@code auto-recover = false}, and replayed from the relay log to the oracle with the default.
 * Both exit 69.
 */
@ExtendWith(MariaDbExtension.class)
class RunCommandRecoveryTest {
    @TempDir
    Path tmp;

    private String toml(MariaDb db, SimulatedPd pd, String cpSchema, boolean autoRecover) throws java.io.IOException {
        return String.join("\n",
                "node-id = \"drainer-rec\"", "addr = \"127.0.0.1:" + MariaDb.freePort() + "\"",
                "pd-urls = \"" + pd.endpoint() + "\"", "data-dir = \"" + tmp.resolve("data") + "\"",
                "[syncer]", "worker-count = 4", "txn-batch = 2",
                "[syncer.relay]", "log-dir = \"" + tmp.resolve("relay") + "\"", "auto-recover = " + autoRecover,
                "[syncer.to]", "host = \"127.0.0.1\"", "port = " + db.port(), "user = \"" + db.user() + "\"",
                "password = \"" + db.password() + "\"",
                "[syncer.to.checkpoint]", "schema = \"" + cpSchema + "\"", "");
    }

    private ExitCode run(Path config, ByteArrayOutputStream err) {
        RunOptions quick = RunOptions.defaults().withPdWait(Duration.ofSeconds(1));
        return new RunCommand(quick, new RecoverCommand()).run(List.of("-config=" + config), Map.of(),
                new PrintStream(new ByteArrayOutputStream(), true), new PrintStream(err, true));
    }

    @Test
    void pdUnreachableAtStartUpReplaysTheRelayLogOnlyWithAutoRecover(MariaDb db) throws Exception {
        String schema = db.createDatabase("runrec");
        String cp = db.createDatabase("runreccp");
        WorkloadSpec spec = WorkloadSpec.defaults(61, schema).withTransactions(120).withFirstCommitTs(434_000_000_000_000_000L);
        Workload w = Workload.generate(spec);
        List<SecondaryBinlog.Binlog> binlogs = SecondaryBinlogEncoder.encodeAll(w);
        try (SimulatedPd pd = SimulatedPd.start(7_200_000_000_000_000_023L)) {
            pd.stop();
            Path off = tmp.resolve("off.toml");
            Path on = tmp.resolve("on.toml");
            Files.writeString(off, toml(db, pd, cp, false));
            Files.writeString(on, toml(db, pd, cp, true));
            DrainerConfig cfg = ConfigLoader.parseToml(toml(db, pd, cp, true), "on.toml", Map.of());

            // The applier dies at its fourth checkpoint save: the batch before it is applied but not saved,
            // and the next one is already in the relay log.
            AtomicInteger saves = new AtomicInteger();
            Pipeline.Options dying = new Pipeline.Options(Duration.ZERO, Duration.ofMinutes(5), p -> {
                if (p.equals("checkpoint.save.before") && saves.incrementAndGet() == 4) {
                    throw new IllegalStateException("applier interrupted at its fourth checkpoint save");
                }
            });
            assertThrows(RuntimeException.class,
                    () -> Pipeline.run(cfg, pd.clusterId(), w.firstCommitTs() - 1, binlogs.iterator(), dying));
            Checkpoint torn = RuntimeFactory.checkpointStore(cfg).load(pd.clusterId()).orElseThrow();
            assertFalse(torn.consistent(), torn.toString());

            // The shipped TiKV-meta history source opens lazily: PD is found unreachable before any history read.
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertEquals(ExitCode.PD_UNREACHABLE, run(off, err), err.toString());
            assertTrue(err.toString().contains("PD unreachable"), err.toString());
            assertEquals(torn, RuntimeFactory.checkpointStore(cfg).load(pd.clusterId()).orElseThrow(),
                    "auto-recover = false leaves the checkpoint alone");

            err.reset();
            assertEquals(ExitCode.PD_UNREACHABLE, run(on, err), err.toString());
            Checkpoint recovered = RuntimeFactory.checkpointStore(cfg).load(pd.clusterId()).orElseThrow();
            assertTrue(recovered.consistent() && recovered.commitTs() > torn.commitTs(), recovered + " after " + torn);
            try (Connection c = db.connect(schema)) {
                StateComparator.compare(w.expectedAt(recovered.commitTs()), DownstreamReader.read(c, w)).assertEqual();
            }
        }
    }
}
