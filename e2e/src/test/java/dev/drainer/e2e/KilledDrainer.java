package dev.drainer.e2e;

import dev.drainer.demo.CrashableDrainer;
import dev.drainer.sim.SimulatedCluster;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.process.ChildJvm;
import dev.drainer.testkit.process.CrashPointResult;
import dev.drainer.testkit.workload.Workload;
import dev.drainer.testkit.workload.WorkloadSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What a real drainer leaves when it dies mid-stream: {@code drainer run} in a child JVM against a
 * {@link SimulatedCluster} (a testkit workload on its pumps, its DDL history in TiKV meta) and MariaDB, SIGKILLed
 * at a crash point of its loader. Its relay directory holds records beyond its checkpoint, which says
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
     * Loads a workload of {@code transactions} into {@code upstream} and runs the drainer on it until the
     * {@code n}-th hit of crash point {@code point}, then kills it; the upstream is left running.
     */
    static KilledDrainer run(MariaDb db, SimulatedCluster upstream, Path dir, long seed, int transactions,
                             String point, int n) throws Exception {
        String schema = db.createDatabase("e2e");
        String cp = db.createDatabase("e2ecp");
        Workload w = Workload.generate(WorkloadSpec.defaults(seed, schema).withTransactions(transactions)
                .withFirstCommitTs(upstream.pastFirstCommitTs(transactions)));
        upstream.load(w);
        Path relay = dir.resolve("relay");
        Path toml = dir.resolve("drainer.toml");
        Path log = dir.resolve("drainer-run.log");
        Files.createDirectories(dir);
        Files.writeString(toml, drainerToml(db, upstream.pdEndpoint(), cp, MariaDb.freePort(), w.firstCommitTs() - 1,
                relay));
        try (ChildJvm child = ChildJvm.builder(CrashableDrainer.class).args("run", "-config=" + toml).jvmArgs("-Xmx384m")
                .crashPoint(point, n).outputFile(log).start()) {
            return new KilledDrainer(w, cp, relay, child.killAtCrashPoint(TIMEOUT), log);
        }
    }

    /**
     * The drainer.toml of the killed drainer: 4 workers of 5-transaction batches, and {@code auto-recover = false}
     * as the operator renders it, so that only the operator's Job replays the relay log.
     */
    private static String drainerToml(MariaDb db, String pdUrls, String cpSchema, int port, long initialTs,
                                      Path relayDir) {
        return String.join("\n",
                "node-id = \"drainer-e2e\"", "addr = \"127.0.0.1:" + port + "\"",
                "pd-urls = \"" + pdUrls + "\"", "detect-interval = 1", "initial-commit-ts = " + initialTs,
                "[syncer]", "worker-count = 4", "txn-batch = 5",
                "[syncer.relay]", "log-dir = \"" + relayDir + "\"", "auto-recover = false",
                "[syncer.to]", "host = \"127.0.0.1\"", "port = " + db.port(), "user = \"" + db.user() + "\"",
                "password = \"" + db.password() + "\"",
                "[syncer.to.checkpoint]", "schema = \"" + cpSchema + "\"", "");
    }
}
