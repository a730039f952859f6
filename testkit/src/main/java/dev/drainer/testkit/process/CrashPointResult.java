package dev.drainer.testkit.process;

/**
 * What {@link ChildJvm#killAtCrashPoint} saw.
 *
 * @param outcome whether the point was reached (and the child killed there), the child exited, or time ran out
 * @param markerLine the {@code CRASHPOINT <name> <n>} line, or null
 * @param exitCode the child's exit code (137 after SIGKILL), or -1 on timeout
 */
public record CrashPointResult(Outcome outcome, String markerLine, int exitCode) {

    /** How the run ended. */
    public enum Outcome {
        /** The child printed the marker and was SIGKILLed while parked there. */
        KILLED_AT_POINT,
        /** The child exited on its own without reaching the point. */
        EXITED,
        /** Neither happened in time; the child was SIGKILLed anyway. */
        TIMED_OUT
    }

    public boolean reached() {
        return outcome == Outcome.KILLED_AT_POINT;
    }
}
