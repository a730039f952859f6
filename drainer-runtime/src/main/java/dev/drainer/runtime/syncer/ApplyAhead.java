package dev.drainer.runtime.syncer;

import dev.drainer.checkpoint.CheckpointException;
import dev.drainer.runtime.loader.LoaderException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Applies batches one at a time, in order, on a background thread, so that the caller reads, logs
 * and syncs the next batch while the loader applies this one. At most one batch is in flight:
 * {@link #submit} first waits for the previous one, and a failure surfaces on the next call.
 */
public final class ApplyAhead implements AutoCloseable {
    /** The work of one batch, run on the background thread. */
    @FunctionalInterface
    public interface Batch {
        void apply() throws IOException, LoaderException, CheckpointException;
    }

    private final ExecutorService thread;
    private CompletableFuture<Void> inFlight;

    /** @param name the background thread's name */
    public ApplyAhead(String name) {
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Waits for the batch in flight (throwing its failure), then starts {@code next}. */
    public void submit(Batch next) throws IOException, LoaderException, CheckpointException, InterruptedException {
        await();
        CompletableFuture<Void> f = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                next.apply();
                f.complete(null);
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        inFlight = f;
    }

    /** The batch in flight, completed when it is applied or failed; an already completed one when none is. */
    public CompletableFuture<Void> current() {
        return inFlight == null ? CompletableFuture.completedFuture(null) : inFlight;
    }

    /** Waits until the batch in flight, if any, is applied; throws what it threw. */
    public void await() throws IOException, LoaderException, CheckpointException, InterruptedException {
        if (inFlight == null) {
            return;
        }
        CompletableFuture<Void> f = inFlight;
        inFlight = null;
        try {
            f.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof LoaderException le) {
                throw le;
            }
            if (cause instanceof CheckpointException ce) {
                throw ce;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("batch failed: " + cause, cause);
        }
    }

    /** Stops the background thread; a batch still in flight is interrupted. */
    @Override
    public void close() {
        thread.shutdownNow();
    }
}
