package dev.drainer.runtime.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * {@code drainer [subcommand] [flags]}. With no subcommand it is the Go drainer's {@code run}, so the
 * launcher is a drop-in for the Go binary; our extensions are subcommands.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        try {
            // Until a subcommand has read log-level and log-file from its configuration.
            LogSetup.configure("info", "");
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot set up logging", e);
        }
        int code = run(Arrays.asList(args), System.getenv(), System.out, System.err).code();
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Dispatches {@code args}; separated from {@link #main} so tests can call it in-process. */
    public static ExitCode run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
        Map<String, Subcommand> commands = commands();
        // "-h" stays with run, as for the Go binary (flag usage); "help" lists the subcommands.
        if (!args.isEmpty() && args.get(0).equals("help")) {
            out.println(usage(commands));
            return ExitCode.OK;
        }
        if (args.isEmpty() || args.get(0).startsWith("-")) {
            return commands.get("run").run(args, env, out, err);
        }
        Subcommand c = commands.get(args.get(0));
        if (c == null) {
            err.println("drainer: unknown subcommand '" + args.get(0) + "'\n\n" + usage(commands));
            return ExitCode.FATAL;
        }
        return c.run(args.subList(1, args.size()), env, out, err);
    }

    static Map<String, Subcommand> commands() {
        Map<String, Subcommand> m = new LinkedHashMap<>();
        for (Subcommand c : List.of(new RunCommand(), new RecoverCommand(), new RelayCommand())) {
            m.put(c.name(), c);
        }
        for (Subcommand c : ServiceLoader.load(Subcommand.class)) {
            m.putIfAbsent(c.name(), c);
        }
        return m;
    }

    private static String usage(Map<String, Subcommand> commands) {
        StringBuilder sb = new StringBuilder("usage: drainer [subcommand] [flags]\n\nsubcommands:\n");
        commands.values().forEach(c -> sb.append(String.format("  %-10s %s%n", c.name(), c.summary())));
        sb.append("\n'drainer <subcommand> -h' describes a subcommand's flags; with no subcommand, 'run'.");
        return sb.toString();
    }
}
