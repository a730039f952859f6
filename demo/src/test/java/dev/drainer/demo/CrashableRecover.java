package dev.drainer.demo;

import dev.drainer.runtime.cli.RecoverCommand;
import dev.drainer.testkit.process.CrashPoint;
import java.util.Arrays;

/** {@code drainer recover} with crash points enabled from {@code -Ddrainer.crashpoint}: a child-JVM main for tests. */
public final class CrashableRecover {
    private CrashableRecover() {
    }

    public static void main(String[] args) throws Exception {
        dev.drainer.runtime.cli.LogSetup.configure("info", "");
        // args[0] is the subcommand name, as for the real launcher.
        int code = new RecoverCommand(CrashPoint.fromSystemProperty())
                .run(Arrays.asList(args).subList(1, args.length), System.getenv(), System.out, System.err).code();
        System.out.flush();
        System.exit(code);
    }
}
