package dev.drainer.demo;

import dev.drainer.runtime.cli.LogSetup;
import dev.drainer.runtime.cli.RecoverCommand;
import dev.drainer.runtime.cli.RunCommand;
import dev.drainer.runtime.cli.Subcommand;
import dev.drainer.runtime.run.RunOptions;
import dev.drainer.testkit.process.CrashPoint;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code drainer run} or {@code drainer recover}, the shipped commands, with crash points armed from
 * {@code -Ddrainer.crashpoint=<point>#<n>}: the child-JVM main the demo and the crash tests kill -9
 * at an exact place (a parked process cannot tell the kill apart from one at any other instant).
 *
 * <p>Arguments: {@code run|recover <flags>}, as for {@code bin/drainer}. {@code -Ddrainer.pd-wait=<ISO-8601
 * duration>} shortens {@code run}'s wait for PD at start-up (100 s shipped).
 */
public final class CrashableDrainer {
    /** The system property holding {@code run}'s PD start-up wait, e.g. {@code PT5S}. */
    public static final String PD_WAIT_PROPERTY = "drainer.pd-wait";

    private CrashableDrainer() {
    }

    public static void main(String[] args) throws Exception {
        LogSetup.configure("info", "");
        Consumer<String> probe = CrashPoint.fromSystemProperty();
        List<String> rest = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        Subcommand command = switch (args.length == 0 ? "" : args[0]) {
            case "run" -> {
                RunOptions options = RunOptions.defaults();
                String pdWait = System.getProperty(PD_WAIT_PROPERTY);
                if (pdWait != null) {
                    // A test that stops PD on purpose need not sit through the shipped 100 s for each start.
                    options = options.withPdWait(Duration.parse(pdWait));
                }
                yield new RunCommand(options.withPipeline(options.pipeline().withProbe(probe)), new RecoverCommand(probe));
            }
            case "recover" -> new RecoverCommand(probe);
            default -> throw new IllegalArgumentException("CrashableDrainer: first argument must be run or recover, got "
                    + Arrays.toString(args));
        };
        int code = command.run(rest, System.getenv(), System.out, System.err).code();
        System.out.flush();
        System.exit(code);
    }
}
