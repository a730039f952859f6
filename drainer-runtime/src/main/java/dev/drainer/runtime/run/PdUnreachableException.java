package dev.drainer.runtime.run;

/** PD did not answer GetMembers within the start-up wait: nothing can be pulled (spec §1.2 step 4). */
public final class PdUnreachableException extends Exception {
    public PdUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
