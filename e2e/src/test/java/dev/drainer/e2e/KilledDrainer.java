package dev.drainer.e2e;

import dev.drainer.runtime.run.SimulatedWorkloadHistorySource;
import dev.drainer.runtime.run.SimulatorWorkloads;
import dev.drainer.sim.SimulatedPd;
import dev.drainer.sim.SimulatedPump;
import dev.drainer.sim.tidb.TidbBinlogEncoder;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.process.ChildJvm;
import dev.drainer.testkit.process.CrashPointResult;
import dev.drainer.testkit.workload.Workload;
import dev.drainer.testkit.workload.WorkloadSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a real drainer leaves when it dies mid-stream: {@code drainer run} in a child JVM against the simulator
 * (two pumps holding a testkit workload encoded as TiDB writes it, the given PD) and MariaDB, SIGKILLed at a
 * crash point of its loader. Its relay directory holds records beyond its checkpoint, which says
 * {@code consistent=false}, and the downstream is ahead of that checkpoint.
 *
 * @param workload       the workload the pumps served (the oracle)
 * @param checkpointDb   the schema of the checkpoint table
 * @param relayDir       the drainer's relay directory
 * @param crash          how the kill went
 * @param log            the drainer's output
 */
record KilledDrainer(Workload workload, String checkpointDb, Path relayDir, CrashPointResult crash, Path log) {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /**
     * Runs the drainer on a workload of {@code transactions} until the {@code n}-th hit of crash point {@code point},
     * then kills it; the pumps are closed afterwards, PD is left running.
     */
    static KilledDrainer run(MariaDb db, SimulatedPd pd, Path dir, long seed, int transactions, String point, int n)
            throws Exception {
        String schema = db.createDatabase("e2e");
        String cp = db.createDatabase("e2ecp");
        WorkloadSpec spec = SimulatorWorkloads.beforeNow(pd, seed, schema, transactions);
        Workload w = Workload.generate(spec);
        TidbBinlogEncoder.Encoded enc = TidbBinlogEncoder.encodeAll(w);
        Path relay = dir.resolve("relay");
        Path toml = dir.resolve("drainer.toml");
        Path log = dir.resolve("drainer-run.log");
        Files.createDirectories(dir);
        Files.writeString(toml, SimulatorWorkloads.drainerToml("drainer-e2e", db, pd, cp, MariaDb.freePort(),
                w.firstCommitTs() - 1, relay));
        try (SimulatedPump a = SimulatedPump.start(pd, "pump-a", Duration.ofMillis(100));
             SimulatedPump b = SimulatedPump.start(pd, "pump-b", Duration.ofMillis(100))) {
            SimulatorWorkloads.spread(enc, a, b);
            try (ChildJvm child = ChildJvm.builder(CrashableRun.class).args("-config=" + toml).jvmArgs("-Xmx384m")
                    .systemProperty(SimulatedWorkloadHistorySource.PROPERTY, SimulatedWorkloadHistorySource.describe(spec))
                    .crashPoint(point, n).outputFile(log).start()) {
                CrashPointResult crash = child.killAtCrashPoint(TIMEOUT);
                return new KilledDrainer(w, cp, relay, crash, log);
            }
        }
    }
}
