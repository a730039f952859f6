package dev.drainer.runtime.cli;

import dev.drainer.checkpoint.CheckpointException;
import dev.drainer.config.ConfigException;
import dev.drainer.config.ConfigLoader;
import dev.drainer.config.DrainerConfig;
import dev.drainer.config.Flags;
import dev.drainer.config.ParsedFlags;
import dev.drainer.pd.PdException;
import dev.drainer.runtime.loader.LoaderException;
import dev.drainer.runtime.run.DdlHistorySource;
import dev.drainer.runtime.run.DrainerRun;
import dev.drainer.runtime.run.PdUnreachableException;
import dev.drainer.runtime.run.RunOptions;
import dev.drainer.runtime.schema.DdlHistory;
import dev.drainer.runtime.schema.DdlHistoryUnavailableException;
import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import sun.misc.Signal;

/**
 * {@code drainer run}, the Go drainer's only mode: replicate until SIGTERM, SIGINT or SIGHUP, then
 * drain, save {@code consistent=true}, mark the node paused and exit 0 (spec §1.2). When PD is
 * unreachable at start-up it first replays the relay log if the checkpoint is not consistent (spec §7,
 * {@code [syncer.relay] auto-recover}), then exits 69. The DDL history comes from the first
 * {@link DdlHistorySource} that serves the cluster: the TiKV meta reader ({@code TikvDdlHistorySource})
 * in this build.
 */
public final class RunCommand implements Subcommand {
    private static final System.Logger LOG = System.getLogger(RunCommand.class.getName());
    private static final List<String> STOP_SIGNALS = List.of("TERM", "INT", "HUP");
    private final RunOptions options;
    private final RecoverCommand recover;

    public RunCommand() {
        this(RunOptions.defaults(), new RecoverCommand());
    }

    /**
     * With other timings, or crash points in {@code options.pipeline().probe()}, and a recovery of its own
     * (tests; the e2e module's crashable {@code drainer run}).
     */
    public RunCommand(RunOptions options, RecoverCommand recover) {
        this.options = options;
        this.recover = recover;
    }

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "replicate from the pumps to the downstream (default; DDL history from TiKV meta: TiDB up to 6.1, see README)";
    }

    @Override
    public ExitCode run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        DrainerConfig cfg;
        try {
            ParsedFlags flags = Flags.parse(args);
            if (flags.helpRequested()) {
                out.println("usage: drainer [run] [flags]   ('drainer help' lists the subcommands)\n" + Flags.usage());
                return ExitCode.OK;
            }
            if (flags.versionRequested()) {
                out.println(Version.line());
                return ExitCode.OK;
            }
            cfg = ConfigLoader.load(flags, env);
            LogSetup.configure(cfg.logLevel(), cfg.logFile());
        } catch (ConfigException | IOException e) {
            err.println("drainer: " + e.getMessage());
            return ExitCode.FATAL;
        }
        Optional<DdlHistory> history = Optional.empty();
        try {
            for (DdlHistorySource source : ServiceLoader.load(DdlHistorySource.class)) {
                history = source.open(cfg);
                if (history.isPresent()) {
                    break;
                }
            }
        } catch (Exception e) {
            return fail(err, ExitCode.RETRYABLE, "cannot read the DDL history: " + e.getMessage());
        }
        if (history.isEmpty()) {
            return fail(err, ExitCode.FATAL, "no DDL history source on the class path serves pd-urls " + cfg.pdUrls()
                    + " (META-INF/services/" + DdlHistorySource.class.getName() + "); the jar is incomplete");
        }
        try {
            return replicate(cfg, history.get(), out, err);
        } finally {
            if (history.get() instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "closing the DDL history reader failed error={0}", e.getMessage());
                }
            }
        }
    }

    private ExitCode replicate(DrainerConfig cfg, DdlHistory history, PrintStream out, PrintStream err) {
        DrainerRun run;
        try {
            run = DrainerRun.start(cfg, history, options);
        } catch (PdUnreachableException e) {
            return recoverWithoutPd(cfg, e, out, err);
        } catch (PdException | CheckpointException | DdlHistoryUnavailableException e) {
            return fail(err, ExitCode.RETRYABLE, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return fail(err, ExitCode.FATAL, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(err, ExitCode.RETRYABLE, "interrupted during start-up");
        }
        for (String name : STOP_SIGNALS) {
            Signal.handle(new Signal(name), s -> {
                LOG.log(System.Logger.Level.INFO, "signal received, draining signal=SIG{0}", s.getName());
                run.stop();
            });
        }
        try {
            long txns = run.awaitEnd();
            LOG.log(System.Logger.Level.INFO, "drainer run stopped txns={0} checkpointTS={1} drainMillis={2} worstDrainMillis={3}",
                    txns, run.checkpointTs(), run.drainMillis(), run.worstDrainMillis());
            out.printf("drainer run: stopped txns=%d checkpointTS=%d consistent=true drainMillis=%d worstDrainMillis=%d%n",
                    txns, run.checkpointTs(), run.drainMillis(), run.worstDrainMillis());
            return ExitCode.OK;
        } catch (PdUnreachableException e) {
            // PD lost while running: drained and consistent, and the same upstream outage as at start-up.
            return fail(err, ExitCode.PD_UNREACHABLE, e.getMessage() + " drainMillis=" + run.drainMillis()
                    + " worstDrainMillis=" + run.worstDrainMillis());
        } catch (LoaderException e) {
            return fail(err, e.deterministic() ? ExitCode.FATAL : ExitCode.RETRYABLE, e.getMessage());
        } catch (CheckpointException | SQLException e) {
            return fail(err, ExitCode.RETRYABLE, e.getMessage());
        } catch (Exception e) {
            if (e.getCause() instanceof DdlHistoryUnavailableException) {
                // The pipeline wraps its source's failure: TiKV or PD gone while reading a DDL job.
                return fail(err, ExitCode.RETRYABLE, e.getMessage());
            }
            return fail(err, ExitCode.FATAL, e.getMessage());
        }
    }

    /**
     * Go's {@code feedByRelayLogIfNeed}: with the relay log on, replay it if the checkpoint (the table's
     * only row: the cluster id comes from PD) is not consistent; then exit with the PD error, or with the
     * recovery's when it failed. Off in Kubernetes, where only the operator's recovery Job replays.
     */
    private ExitCode recoverWithoutPd(DrainerConfig cfg, PdUnreachableException pdError, PrintStream out, PrintStream err) {
        if (!cfg.syncer().relay().enabled()) {
            return fail(err, ExitCode.PD_UNREACHABLE, pdError.getMessage());
        }
        if (!cfg.syncer().relay().autoRecover()) {
            LOG.log(System.Logger.Level.INFO, "start-up recovery skipped: [syncer.relay] auto-recover = false relayDir={0}",
                    cfg.syncer().relay().logDir());
            return fail(err, ExitCode.PD_UNREACHABLE, pdError.getMessage());
        }
        LOG.log(System.Logger.Level.INFO, "PD unreachable, start-up recovery from the relay log relayDir={0}",
                cfg.syncer().relay().logDir());
        ExitCode recovered = recover.recover(cfg, OptionalLong.empty(), out, err);
        if (recovered != ExitCode.OK && recovered != ExitCode.NOTHING_TO_DO) {
            return recovered;
        }
        return fail(err, ExitCode.PD_UNREACHABLE, pdError.getMessage());
    }

    private static ExitCode fail(PrintStream err, ExitCode code, String message) {
        LOG.log(System.Logger.Level.ERROR, "drainer run failed exitCode={0} cause={1}", code.code(), message);
        err.println("drainer run: " + message);
        return code;
    }
}
