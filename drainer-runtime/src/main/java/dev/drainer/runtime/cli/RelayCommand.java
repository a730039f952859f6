package dev.drainer.runtime.cli;

import dev.drainer.config.ConfigException;
import dev.drainer.config.ConfigLoader;
import dev.drainer.config.DrainerConfig;
import dev.drainer.relay.RelayInspector;
import dev.drainer.relay.RelayOptions;
import dev.drainer.relay.RelayReport;
import dev.drainer.runtime.RuntimeFactory;
import dev.drainer.runtime.translate.SecondaryBinlogTranslator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code drainer relay [-config F | -relay-log-dir D] [-no-lock]}: lists the relay files with their
 * record counts and commit-ts ranges, verifies every CRC and translates every payload as recovery would.
 * Exits non-zero when anything is corrupt or a payload could not be replayed.
 */
final class RelayCommand implements Subcommand {
    @Override
    public String name() {
        return "relay";
    }

    @Override
    public String summary() {
        return "inspect a relay-log directory: files, records, commit-ts range, CRC and payload check";
    }

    @Override
    public ExitCode run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        boolean noLock = args.stream().anyMatch(a -> a.matches("--?no-lock"));
        DrainerConfig cfg;
        try {
            cfg = ConfigLoader.load(args.stream().filter(a -> !a.matches("--?no-lock")).toList(), env);
        } catch (ConfigException e) {
            err.println("drainer relay: " + e.getMessage());
            return ExitCode.FATAL;
        }
        if (!cfg.syncer().relay().enabled()) {
            err.println("drainer relay: no relay directory: give -relay-log-dir or a -config with [syncer.relay] log-dir");
            return ExitCode.FATAL;
        }
        Path dir = Path.of(cfg.syncer().relay().logDir());
        try {
            RelayOptions options = RuntimeFactory.relayOptions(cfg, p -> { });
            // Recovery's own translation: a verdict of ok means a replay would not stop at a payload.
            SecondaryBinlogTranslator translator = new SecondaryBinlogTranslator(cfg.syncer().relay().legacyZone());
            RelayInspector.PayloadCheck check = payload -> translator.toTxn(payload, null).commitTs();
            RelayReport report = noLock ? RelayInspector.inspectWithoutLock(dir, check)
                    : RelayInspector.inspect(dir, options, check);
            out.print(report.toText());
            return report.ok() ? ExitCode.OK : ExitCode.FATAL;
        } catch (IOException e) {
            err.println("drainer relay: " + e.getMessage());
            return ExitCode.FATAL;
        }
    }
}
