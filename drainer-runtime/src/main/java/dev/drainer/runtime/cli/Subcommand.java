package dev.drainer.runtime.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * A {@code drainer <name>} subcommand. Built-in ones are registered by {@link Main}; others (the
 * demo, benchmarks) are found with {@link java.util.ServiceLoader} when their jar is on the class path.
 */
public interface Subcommand {
    String name();

    /** One line for {@code drainer help}. */
    String summary();

    /**
     * Runs the command.
     *
     * @param args the arguments after the subcommand name
     * @param env  the process environment (injectable for tests)
     */
    ExitCode run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err);
}
