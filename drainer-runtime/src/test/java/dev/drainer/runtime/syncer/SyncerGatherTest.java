package dev.drainer.runtime.syncer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How the syncer gathers a batch: it waits for more items only while the loader is busy with the last one. */
class SyncerGatherTest {
    @Test
    void whileTheLastBatchIsAppliedTheNextOneWaitsForItemsAndOtherwiseGoesAtOnce() throws Exception {
        SyncQueue queue = new SyncQueue(10);
        CountDownLatch release = new CountDownLatch(1);
        try (ApplyAhead applier = new ApplyAhead("test-apply")) {
            assertTrue(applier.current().isDone(), "nothing in flight");
            assertNull(Syncer.next(queue, applier), "an idle loader: what is queued goes now");

            applier.submit(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertFalse(applier.current().isDone(), "a batch in flight");
            SyncItem late = new SyncItem.AdvanceOnly(7);
            CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(200);
                    queue.put(late);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertSame(late, Syncer.next(queue, applier), "a busy loader: the batch waits for the item that comes");
            producer.get(10, TimeUnit.SECONDS);

            CompletableFuture<SyncItem> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return Syncer.next(queue, applier);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(100);
            assertFalse(waiting.isDone(), "still waiting while the loader is busy");
            release.countDown();
            assertNull(waiting.get(10, TimeUnit.SECONDS), "the loader is free: the batch goes without more items");
            applier.await();
        }
    }
}
