package dev.drainer.runtime.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.proto.secondary.SecondaryBinlog;
import dev.drainer.runtime.translate.SecondaryBinlogTranslator;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class SyncQueueTest {
    private static SyncItem txn(long ts, int rows) {
        SecondaryBinlog.Table.Builder t = SecondaryBinlog.Table.newBuilder().setSchemaName("db").setTableName("t");
        for (int i = 0; i < rows; i++) {
            t.addMutations(SecondaryBinlog.TableMutation.newBuilder().setType(SecondaryBinlog.MutationType.Insert)
                    .setRow(SecondaryBinlog.Row.getDefaultInstance()));
        }
        return SyncItem.Apply.of(SecondaryBinlog.Binlog.newBuilder().setCommitTs(ts)
                .setDmlData(SecondaryBinlog.DMLData.newBuilder().addTables(t)).build(), new SecondaryBinlogTranslator(ZoneOffset.UTC));
    }

    @Test
    void itemsWeighTheirRowChangesAndAtLeastOne() {
        assertEquals(7, SyncQueue.rows(txn(1, 7)));
        assertEquals(1, SyncQueue.rows(txn(1, 0)));
        assertEquals(1, SyncQueue.rows(new SyncItem.AdvanceOnly(5)));
        assertEquals(1, SyncQueue.rows(SyncItem.END));
    }

    @Test
    void aPutWaitsUntilTakenItemsMakeRoomForItsRows() throws Exception {
        SyncQueue q = new SyncQueue(10);
        SyncItem first = txn(1, 6);
        q.put(first);
        q.put(txn(2, 4));
        CompletableFuture<Void> third = CompletableFuture.runAsync(() -> {
            try {
                q.put(txn(3, 5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThrows(TimeoutException.class, () -> third.get(300, TimeUnit.MILLISECONDS), "10 rows are waiting already");
        assertSame(first, q.take());
        third.get(30, TimeUnit.SECONDS);
        assertEquals(2, q.take().commitTs());
        assertEquals(3, q.poll().commitTs());
        assertNull(q.poll());
    }

    @Test
    void aTransactionLargerThanTheLimitEntersAnEmptyQueue() throws Exception {
        SyncQueue q = new SyncQueue(10);
        q.put(new SyncItem.AdvanceOnly(1));
        CompletableFuture<Void> big = CompletableFuture.runAsync(() -> {
            try {
                q.put(txn(2, 50));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThrows(TimeoutException.class, () -> big.get(300, TimeUnit.MILLISECONDS), "it needs the whole queue");
        assertFalse(big.isDone());
        assertEquals(1, q.take().commitTs());
        big.get(30, TimeUnit.SECONDS);
        assertEquals(2, q.take().commitTs());
        assertTrue(big.isDone());
    }

    /** The syncer gathering a batch while the loader applies the last one: it waits on both, without polling. */
    @Test
    void pollWhileWaitsForAnItemOrTheWorksEndWhicheverComesFirst() throws Exception {
        SyncQueue q = new SyncQueue(10);
        CompletableFuture<Void> work = new CompletableFuture<>();
        CompletableFuture<SyncItem> waiting = CompletableFuture.supplyAsync(() -> pollWhile(q, work));
        assertThrows(TimeoutException.class, () -> waiting.get(200, TimeUnit.MILLISECONDS), "no item, work running");
        q.put(txn(4, 2));
        assertEquals(4, waiting.get(30, TimeUnit.SECONDS).commitTs(), "an item ends the wait");

        CompletableFuture<SyncItem> again = CompletableFuture.supplyAsync(() -> pollWhile(q, work));
        assertThrows(TimeoutException.class, () -> again.get(200, TimeUnit.MILLISECONDS));
        work.completeExceptionally(new IllegalStateException("the batch failed"));
        assertNull(again.get(30, TimeUnit.SECONDS), "the work's end (a failure too) ends it with nothing");

        q.put(txn(5, 1));
        assertEquals(5, q.pollWhile(work).commitTs(), "done work: what is queued still comes first");
        assertNull(q.pollWhile(work));
    }

    private static SyncItem pollWhile(SyncQueue q, CompletableFuture<?> work) {
        try {
            return q.pollWhile(work);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theLimitIsAtLeastOneRow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SyncQueue(0));
        assertEquals("rowLimit must be at least 1, got 0", e.getMessage());
    }
}
