package dev.drainer.runtime.cli;

/** Process exit codes of the drainer; one code per outcome, so a Job controller can act on them. */
public enum ExitCode {
    /** The command did what was asked (for {@code recover}: the downstream is consistent again). */
    OK(0),
    /** Cannot succeed without a human: corrupt relay log, ambiguous checkpoint, bad configuration or flags. */
    FATAL(1),
    /** {@code recover} found nothing to do: no checkpoint row, or it is already consistent. */
    NOTHING_TO_DO(3),
    /**
     * {@code run}: PD gave no member list within the start-up wait, or PD was lost while running (20
     * failed heartbeats in a row; the run drained and saved {@code consistent=true} first). Distinct
     * from 75 so an operator can tell an upstream outage (time to recover from the relay log) from a
     * downstream one.
     */
    PD_UNREACHABLE(69),
    /** May succeed if tried again: downstream unreachable, relay directory locked by another process. */
    RETRYABLE(75);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
