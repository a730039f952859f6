package dev.drainer.runtime.schema;

/** TiDB {@code model.JobState} values. */
public final class JobState {
    public static final int NONE = 0;
    public static final int RUNNING = 1;
    public static final int ROLLINGBACK = 2;
    public static final int ROLLBACK_DONE = 3;
    public static final int DONE = 4;
    public static final int CANCELLED = 5;
    public static final int SYNCED = 6;
    public static final int CANCELLING = 7;
    public static final int QUEUEING = 8;

    private JobState() {
    }
}
