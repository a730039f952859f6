package dev.drainer.runtime.run;

import dev.drainer.config.DrainerConfig;
import dev.drainer.runtime.schema.DdlHistory;
import dev.drainer.runtime.schema.SimulatedHistory;
import dev.drainer.sim.tidb.TidbBinlogEncoder;
import dev.drainer.testkit.workload.Workload;
import dev.drainer.testkit.workload.WorkloadSpec;
import java.util.Optional;

/**
 * For a {@code drainer run} child JVM in tests: the DDL history of the simulator's encoding of the
 * workload named by system property {@value #PROPERTY} ({@code seed,schema,transactions,firstCommitTs});
 * the encoding is deterministic, so it equals what the test stored in its pumps. Without the
 * property it serves no cluster. Registered as a service in this module's test-jar, so a child JVM with that jar
 * on its class path runs {@code drainer run} against the simulator.
 */
public final class SimulatedWorkloadHistorySource implements DdlHistorySource {
    public static final String PROPERTY = "drainer.test.sim-workload";

    /** The value of {@value #PROPERTY} that names {@code spec}. */
    public static String describe(WorkloadSpec spec) {
        return spec.seed() + "," + spec.schema() + "," + spec.transactions() + "," + spec.firstCommitTs();
    }

    /** The workload spec of a simulator test: the defaults with this seed, schema, size and first commit ts. */
    public static WorkloadSpec spec(long seed, String schema, int transactions, long firstCommitTs) {
        return WorkloadSpec.defaults(seed, schema).withTransactions(transactions).withFirstCommitTs(firstCommitTs);
    }

    @Override
    public Optional<DdlHistory> open(DrainerConfig cfg) {
        String v = System.getProperty(PROPERTY);
        if (v == null) {
            return Optional.empty();
        }
        String[] p = v.split(",");
        Workload w = Workload.generate(spec(Long.parseLong(p[0]), p[1], Integer.parseInt(p[2]), Long.parseLong(p[3])));
        return Optional.of(new SimulatedHistory(TidbBinlogEncoder.encodeAll(w).history()));
    }
}
