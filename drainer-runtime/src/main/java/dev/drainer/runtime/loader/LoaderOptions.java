package dev.drainer.runtime.loader;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * How the loader runs.
 *
 * @param workerCount    parallel downstream connections (forced to 1 without dispatch)
 * @param txnBatch       row changes per downstream transaction
 * @param enableDispatch false: every upstream transaction becomes exactly one downstream transaction
 * @param enableCausality false: route by the first key only, without conflict detection
 * @param dmlAttempts    tries of a failed chunk before the loader gives up (Go: 100)
 * @param ddlAttempts    tries of a failed DDL (Go: 5)
 * @param retryBackoff   the pause between tries (Go: 1 s)
 * @param probe          called at named points, for crash tests; a no-op in production
 * @param multiRow       true: merge row changes of a chunk into multi-row statements where that
 *                       gives the same result; false: one statement per row change, as the Go drainer
 * @param timer          told how long each statement ({@code exec}) and each COMMIT ({@code commit}) took
 */
public record LoaderOptions(int workerCount, int txnBatch, boolean enableDispatch, boolean enableCausality,
                            int dmlAttempts, int ddlAttempts, Duration retryBackoff, Consumer<String> probe,
                            boolean multiRow, Timer timer) {
    /** Receives downstream SQL timings; the Go drainer's {@code query_duration_time} types. */
    @FunctionalInterface
    public interface Timer {
        Timer NONE = (type, nanos) -> { };

        void observe(String type, long nanos);
    }

    public LoaderOptions {
        if (workerCount < 1 || txnBatch < 1) {
            throw new IllegalArgumentException("worker-count and txn-batch must be at least 1, got "
                    + workerCount + " and " + txnBatch);
        }
        if (!enableDispatch) {
            workerCount = 1;
        }
    }

    /** The Go drainer's retry policy with the given shape, multi-row statements on. */
    public static LoaderOptions of(int workerCount, int txnBatch, boolean enableDispatch, boolean enableCausality) {
        return new LoaderOptions(workerCount, txnBatch, enableDispatch, enableCausality, 100, 5,
                Duration.ofSeconds(1), p -> { }, true, Timer.NONE);
    }

    public LoaderOptions withRetries(int dml, int ddl, Duration backoff) {
        return new LoaderOptions(workerCount, txnBatch, enableDispatch, enableCausality, dml, ddl, backoff, probe,
                multiRow, timer);
    }

    public LoaderOptions withProbe(Consumer<String> p) {
        return new LoaderOptions(workerCount, txnBatch, enableDispatch, enableCausality, dmlAttempts, ddlAttempts,
                retryBackoff, p, multiRow, timer);
    }

    /** The same options with multi-row statements on (the default) or off (the one-row reference path). */
    public LoaderOptions withMultiRow(boolean on) {
        return new LoaderOptions(workerCount, txnBatch, enableDispatch, enableCausality, dmlAttempts, ddlAttempts,
                retryBackoff, probe, on, timer);
    }

    public LoaderOptions withTimer(Timer t) {
        return new LoaderOptions(workerCount, txnBatch, enableDispatch, enableCausality, dmlAttempts, ddlAttempts,
                retryBackoff, probe, multiRow, t);
    }

    /** How many row changes the caller should gather before handing a batch over (spec 8.2). */
    public int batchDmlLimit() {
        return enableDispatch ? txnBatch * workerCount * 3 : 1;
    }
}
