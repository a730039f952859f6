package dev.drainer.testkit.process;

import java.util.function.Consumer;

/** A tiny child program for {@link ChildJvmTest}: {@code echo <code> <lines…>}, {@code sleep}, or {@code steps <n>}. */
public final class TinyChildMain {
    private TinyChildMain() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "echo" -> {
                for (int i = 2; i < args.length; i++) {
                    System.out.println(args[i]);
                }
                System.err.println("to stderr " + System.getProperty("child.prop") + " " + System.getenv("CHILD_ENV"));
                System.exit(Integer.parseInt(args[1]));
            }
            case "sleep" -> {
                System.out.println("READY");
                Thread.sleep(Long.MAX_VALUE);
            }
            case "steps" -> {
                Consumer<String> crash = CrashPoint.fromSystemProperty();
                for (int i = 1; i <= Integer.parseInt(args[1]); i++) {
                    crash.accept("before-step");
                    System.out.println("step " + i + " done");
                    crash.accept("after-step");
                }
                System.out.println("all steps done");
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }
}
