package dev.drainer.runtime.run;

import dev.drainer.proto.binlog.Binlog;
import dev.drainer.sim.SimulatedPd;
import dev.drainer.sim.SimulatedPump;
import dev.drainer.sim.tidb.TidbBinlogEncoder;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.workload.WorkloadSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * Puts a testkit workload on the simulator for a {@code drainer run} test: a spec whose commits all precede PD's
 * now, its TiDB binlogs spread over two pumps, and the drainer.toml that reads them. Shared with the e2e module through this module's test-jar.
 */
public final class SimulatorWorkloads {
    private SimulatorWorkloads() {
    }

    /**
     * A workload spec (as {@link SimulatedWorkloadHistorySource#spec}) whose first commit ts lies far enough in the
     * past that the pumps' fake binlogs (at PD's now) come after every transaction.
     */
    public static WorkloadSpec beforeNow(SimulatedPd pd, long seed, String schema, int transactions) {
        // The generator moves each commit at most 50 ms on.
        long first = pd.nextTs() - ((transactions * 51L + 1000) << 18);
        return SimulatedWorkloadHistorySource.spec(seed, schema, transactions, first);
    }

    /**
     * A drainer.toml for {@code drainer run} on the simulator: {@code pd}'s PD, MariaDB {@code db} as the
     * downstream with the checkpoint in {@code cpSchema}, 4 workers of 5-transaction batches, the relay log in
     * {@code relayDir}, the shared port on loopback {@code port}.
     */
    public static String drainerToml(String nodeId, MariaDb db, SimulatedPd pd, String cpSchema, int port,
                                     long initialTs, Path relayDir) {
        return String.join("\n",
                "node-id = \"" + nodeId + "\"", "addr = \"127.0.0.1:" + port + "\"",
                "pd-urls = \"" + pd.endpoint() + "\"", "detect-interval = 1", "initial-commit-ts = " + initialTs,
                "[syncer]", "worker-count = 4", "txn-batch = 5",
                "[syncer.relay]", "log-dir = \"" + relayDir + "\"",
                "[syncer.to]", "host = \"127.0.0.1\"", "port = " + db.port(), "user = \"" + db.user() + "\"",
                "password = \"" + db.password() + "\"",
                "[syncer.to.checkpoint]", "schema = \"" + cpSchema + "\"", "");
    }

    /** Each transaction's binlog to one pump, as each TiDB writes to one pump. */
    public static void spread(TidbBinlogEncoder.Encoded enc, SimulatedPump a, SimulatedPump b) {
        List<Binlog> binlogs = enc.binlogs();
        for (int i = 0; i < binlogs.size(); i++) {
            (i % 3 == 0 ? b : a).store(binlogs.get(i));
        }
    }
}
