package dev.drainer.demo;

import dev.drainer.config.ConfigLoader;
import dev.drainer.config.DrainerConfig;
import dev.drainer.proto.secondary.SecondaryBinlog;
import dev.drainer.runtime.cli.LogSetup;
import dev.drainer.runtime.syncer.Pipeline;
import dev.drainer.testkit.binlog.SecondaryBinlogEncoder;
import dev.drainer.testkit.process.CrashPoint;
import dev.drainer.testkit.workload.Workload;
import dev.drainer.testkit.workload.WorkloadSpec;
import java.util.List;

/**
 * Child-process main: generates a workload from a seed and applies it through the drainer's relay
 * log and loader ({@link Pipeline}), as {@code drainer run} will apply what the pumps send. A
 * {@code -Ddrainer.crashpoint=<point>#<n>} property parks it at that point so a parent can kill -9 it.
 *
 * <p>Arguments: {@code <drainer.toml> <seed> <schema> <transactions> <cluster-id> [all-ddl-kinds]}.
 */
public final class WorkloadApplier {
    private WorkloadApplier() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5 && !(args.length == 6 && args[5].equals(ALL_DDL_KINDS))) {
            System.err.println("usage: WorkloadApplier <drainer.toml> <seed> <schema> <transactions> <cluster-id> ["
                    + ALL_DDL_KINDS + "]");
            System.exit(2);
        }
        DrainerConfig cfg = ConfigLoader.load(List.of("-config", args[0]), System.getenv());
        LogSetup.configure(cfg.logLevel(), cfg.logFile());
        Workload w = Workload.generate(spec(Long.parseLong(args[1]), args[2], Integer.parseInt(args[3]), args.length == 6));
        List<SecondaryBinlog.Binlog> binlogs = SecondaryBinlogEncoder.encodeAll(w);
        long applied = Pipeline.run(cfg, Long.parseUnsignedLong(args[4]), w.firstCommitTs() - 1, binlogs.iterator(),
                Pipeline.Options.defaults().withProbe(CrashPoint.fromSystemProperty()));
        System.out.println("APPLIED " + applied + " lastTS=" + w.lastCommitTs());
    }

    /** The last argument that makes the workload draw every DDL kind ({@link WorkloadSpec#withAllDdlKinds()}). */
    public static final String ALL_DDL_KINDS = "all-ddl-kinds";

    /** The workload shape the demo and the crash tests share; {@code allDdlKinds} adds the opt-in DDL kinds. */
    public static WorkloadSpec spec(long seed, String schema, int transactions, boolean allDdlKinds) {
        WorkloadSpec base = WorkloadSpec.defaults(seed, schema).withTransactions(transactions).withMaxChangesPerTransaction(6);
        return allDdlKinds ? base.withAllDdlKinds() : base;
    }
}
