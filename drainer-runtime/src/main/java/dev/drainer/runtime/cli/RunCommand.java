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
import java.util.ServiceLoader;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * {@code drainer run}, the Go drainer's only mode: replicate until SIGTERM, SIGINT or SIGHUP, then
 * drain, save {@code consistent=true}, mark the node paused and exit 0 (spec §1.2). The DDL history
 * comes from the first {@link DdlHistorySource} that serves the cluster: the TiKV meta reader
 * ({@code TikvDdlHistorySource}) in this build.
 */
public final class RunCommand implements Subcommand {
    private static final System.Logger LOG = System.getLogger(RunCommand.class.getName());
    private static final List<String> STOP_SIGNALS = List.of("TERM", "INT", "HUP");
    private final Consumer<String> probe;

    public RunCommand() {
        this(p -> { });
    }

    /** A command whose write side (relay log, loader, checkpoint) calls {@code probe} at named points (crash tests). */
    public RunCommand(Consumer<String> probe) {
        this.probe = probe;
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
            RunOptions options = RunOptions.defaults();
            run = DrainerRun.start(cfg, history, options.withPipeline(options.pipeline().withProbe(probe)));
        } catch (PdUnreachableException e) {
            return fail(err, ExitCode.PD_UNREACHABLE, e.getMessage());
        } catch (PdException | CheckpointException | DdlHistoryUnavailableException e) {
            return fail(err, ExitCode.RETRYABLE, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return fail(err, ExitCode.FATAL, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(err, ExitCode.RETRYABLE, "interrupted during start-up");
        }
        long[] stopAsked = {0};
        for (String name : STOP_SIGNALS) {
            Signal.handle(new Signal(name), s -> {
                LOG.log(System.Logger.Level.INFO, "signal received, draining signal=SIG{0}", s.getName());
                stopAsked[0] = System.nanoTime();
                run.stop();
            });
        }
        try {
            long txns = run.awaitEnd();
            long drainMs = stopAsked[0] == 0 ? 0 : (System.nanoTime() - stopAsked[0]) / 1_000_000;
            out.printf("drainer run: stopped txns=%d checkpointTS=%d consistent=true drainMillis=%d%n", txns,
                    run.checkpointTs(), drainMs);
            return ExitCode.OK;
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

    private static ExitCode fail(PrintStream err, ExitCode code, String message) {
        LOG.log(System.Logger.Level.ERROR, "drainer run failed exitCode={0} cause={1}", code.code(), message);
        err.println("drainer run: " + message);
        return code;
    }
}
