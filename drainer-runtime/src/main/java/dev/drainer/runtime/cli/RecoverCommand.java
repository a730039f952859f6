package dev.drainer.runtime.cli;

import dev.drainer.checkpoint.AmbiguousCheckpointException;
import dev.drainer.checkpoint.CheckpointException;
import dev.drainer.checkpoint.CheckpointFormatException;
import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.checkpoint.TlsHandshakeException;
import dev.drainer.config.ConfigException;
import dev.drainer.config.ConfigLoader;
import dev.drainer.config.DrainerConfig;
import dev.drainer.relay.RelayCorruptException;
import dev.drainer.relay.RelayLockedException;
import dev.drainer.runtime.RuntimeFactory;
import dev.drainer.runtime.loader.Loader;
import dev.drainer.runtime.loader.LoaderException;
import dev.drainer.runtime.recovery.Recovery;
import dev.drainer.runtime.recovery.RecoveryResult;
import dev.drainer.runtime.translate.SecondaryBinlogTranslator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * {@code drainer recover [-cluster-id N] [drainer flags]}: replays the relay log into the downstream
 * when the checkpoint says it is not consistent. Unlike the Go drainer it exits 0 when it recovered.
 */
public final class RecoverCommand implements Subcommand {
    private static final System.Logger LOG = System.getLogger(RecoverCommand.class.getName());
    private final Consumer<String> probe;

    public RecoverCommand() {
        this(p -> { });
    }

    /** A command whose relay replay calls {@code probe} at named points (crash tests). */
    public RecoverCommand(Consumer<String> probe) {
        this.probe = probe;
    }

    @Override
    public String name() {
        return "recover";
    }

    @Override
    public String summary() {
        return "replay the relay log into the downstream if the checkpoint is not consistent";
    }

    @Override
    public ExitCode run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        DrainerConfig cfg;
        OptionalLong clusterId;
        try {
            ExtraFlag id = ExtraFlag.take(args, "cluster-id");
            clusterId = id.value().isPresent() ? OptionalLong.of(parseClusterId(id.value().get())) : OptionalLong.empty();
            cfg = ConfigLoader.load(id.rest(), env);
            LogSetup.configure(cfg.logLevel(), cfg.logFile());
        } catch (ConfigException | IllegalArgumentException | IOException e) {
            err.println("drainer recover: " + e.getMessage());
            return ExitCode.FATAL;
        }
        return recover(cfg, clusterId, out, err);
    }

    /**
     * The recovery of a parsed configuration: also what {@code drainer run} does at start-up when PD is
     * unreachable ({@code [syncer.relay] auto-recover}), with no cluster id.
     */
    ExitCode recover(DrainerConfig cfg, OptionalLong clusterId, PrintStream out, PrintStream err) {
        if (!cfg.syncer().relay().enabled()) {
            err.println("drainer recover: the relay log is disabled: set [syncer.relay] log-dir (or -relay-log-dir)");
            return ExitCode.FATAL;
        }
        Path relayDir = Path.of(cfg.syncer().relay().logDir());
        if (!Files.isDirectory(relayDir) || !Files.isReadable(relayDir)) {
            // Checked before any downstream access: no replay can happen without it.
            err.println("drainer recover: relay directory " + relayDir.toAbsolutePath() + " "
                    + (Files.exists(relayDir) ? "is not a readable directory" : "does not exist")
                    + " ([syncer.relay] log-dir)");
            return ExitCode.FATAL;
        }
        try (Loader loader = new Loader(RuntimeFactory.loaderEndpoint(cfg), RuntimeFactory.loaderOptions(cfg, probe), true);
             CheckpointStore store = RuntimeFactory.checkpointStore(cfg)) {
            Recovery recovery = new Recovery(store, loader,
                    Path.of(cfg.syncer().relay().logDir()), RuntimeFactory.relayOptions(cfg, probe),
                    new SecondaryBinlogTranslator(cfg.syncer().relay().legacyZone()), Duration.ofSeconds(10), probe);
            RecoveryResult r = recovery.run(clusterId);
            out.printf("recover: outcome=%s clusterID=%s consistentAt=%d txns=%d relayBytes=%d reason=\"%s\"%n",
                    r.recovered() ? "recovered" : "nothing-to-do", Long.toUnsignedString(r.clusterId()), r.commitTs(),
                    r.txns(), r.relayBytes(), r.reason());
            return r.recovered() ? ExitCode.OK : ExitCode.NOTHING_TO_DO;
        } catch (RelayLockedException e) {
            return fail(err, ExitCode.RETRYABLE, e);
        } catch (RelayCorruptException | AmbiguousCheckpointException | CheckpointFormatException
                 | IllegalArgumentException e) {
            return fail(err, ExitCode.FATAL, e);
        } catch (LoaderException e) {
            // Bad data or a missing table is met again by every further attempt.
            return fail(err, e.deterministic() || TlsHandshakeException.isCauseOf(e) ? ExitCode.FATAL
                    : ExitCode.RETRYABLE, e);
        } catch (CheckpointException | SQLException e) {
            // A refused certificate stays refused until someone changes the files; anything else about an
            // unreachable or refusing downstream may pass on another attempt.
            return fail(err, TlsHandshakeException.isCauseOf(e) ? ExitCode.FATAL : ExitCode.RETRYABLE, e);
        } catch (IOException e) {
            return fail(err, ExitCode.FATAL, e);
        }
    }

    private static ExitCode fail(PrintStream err, ExitCode code, Exception e) {
        LOG.log(System.Logger.Level.ERROR, "recovery failed exitCode={0} cause={1}", code.code(), e.getMessage());
        err.println("drainer recover: " + e.getMessage());
        return code;
    }

    private static long parseClusterId(String v) {
        try {
            return Long.parseUnsignedLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-cluster-id=" + v + " is not an unsigned 64-bit integer");
        }
    }
}
