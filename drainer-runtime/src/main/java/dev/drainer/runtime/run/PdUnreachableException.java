package dev.drainer.runtime.run;

/**
 * PD did not answer GetMembers within the start-up wait, so nothing can be pulled (spec §1.2 step 4),
 * or PD was lost while running (too many failed heartbeats in a row) and the run drained and stopped.
 */
public final class PdUnreachableException extends Exception {
    public PdUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
