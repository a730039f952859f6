package dev.drainer.e2e;

import dev.drainer.runtime.cli.LogSetup;
import dev.drainer.runtime.cli.RecoverCommand;
import dev.drainer.runtime.cli.RunCommand;
import dev.drainer.runtime.run.RunOptions;
import dev.drainer.testkit.process.CrashPoint;
import java.util.Arrays;

/**
 * {@code drainer run} with crash points enabled from {@code -Ddrainer.crashpoint}, as the demo's
 * {@code CrashableRecover} is for {@code recover}: a child-JVM main, so the parent can SIGKILL it at a chosen point.
 */
public final class CrashableRun {
    private CrashableRun() {
    }

    public static void main(String[] args) throws Exception {
        LogSetup.configure("info", "");
        RunOptions options = RunOptions.defaults();
        options = options.withPipeline(options.pipeline().withProbe(CrashPoint.fromSystemProperty()));
        int code = new RunCommand(options, new RecoverCommand())
                .run(Arrays.asList(args), System.getenv(), System.out, System.err).code();
        System.out.flush();
        System.exit(code);
    }
}
