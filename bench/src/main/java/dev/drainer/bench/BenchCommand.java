package dev.drainer.bench;

import dev.drainer.config.DrainerConfig;
import dev.drainer.runtime.cli.ExitCode;
import dev.drainer.runtime.cli.LogSetup;
import dev.drainer.runtime.cli.Subcommand;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code drainer bench}: the loader's, relay log's and recovery's throughput on this machine against a
 * raw-JDBC baseline measured in the same run, with correctness checks after every phase. Missed targets
 * are reported; the exit code is non-zero only for errors and wrong downstream contents (a phase, warm-up or
 * baseline cell that failed its check).
 */
public final class BenchCommand implements Subcommand {
    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "measure loader, relay log and recovery throughput against a raw JDBC baseline";
    }

    @Override
    public ExitCode run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        if (args.contains("-h") || args.contains("-help") || args.contains("--help")) {
            out.println(BenchOptions.USAGE);
            return ExitCode.OK;
        }
        BenchOptions options;
        Downstream db;
        try {
            DrainerConfig defaults = BenchConfig.defaults();
            options = BenchOptions.parse(args, defaults.syncer().workerCount(), defaults.syncer().txnBatch());
            db = options.mysqlUrl() == null ? null : Downstream.fromUrl(options.mysqlUrl());
        } catch (RuntimeException e) {
            err.println("drainer bench: " + e.getMessage());
            return ExitCode.FATAL;
        }
        try {
            // The pipeline's info lines (checkpoint saves, progress) would drown the figures.
            LogSetup.configure("warn", "");
            boolean ok = new Bench(options, db != null ? db : Downstream.local(), out).run();
            if (!ok) {
                err.println("drainer bench: the downstream was wrong after a phase (see 'problem:' lines)");
            }
            return ok ? ExitCode.OK : ExitCode.FATAL;
        } catch (Exception e) {
            err.println("drainer bench: failed: " + e);
            return ExitCode.FATAL;
        }
    }
}
