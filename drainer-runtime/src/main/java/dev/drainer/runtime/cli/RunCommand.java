package dev.drainer.runtime.cli;

import dev.drainer.config.ConfigException;
import dev.drainer.config.ConfigLoader;
import dev.drainer.config.DrainerConfig;
import dev.drainer.config.Flags;
import dev.drainer.config.ParsedFlags;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code drainer run}, the Go drainer's only mode. This build validates the configuration exactly as
 * {@code run} will, but does not yet speak to PD and pumps: it says so and exits non-zero rather than
 * pretending to replicate.
 */
final class RunCommand implements Subcommand {
    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "replicate from the pumps to the downstream (default; upstream protocols not in this build yet)";
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
        } catch (ConfigException e) {
            err.println("drainer: " + e.getMessage());
            return ExitCode.FATAL;
        }
        err.println("drainer run: configuration is valid (node-id " + cfg.nodeId() + ", pd-urls " + cfg.pdUrls()
                + "), but this build does not yet include the upstream side (PD, pump registry, pullers);"
                + " use 'drainer recover' to replay a relay log");
        return ExitCode.FATAL;
    }
}
