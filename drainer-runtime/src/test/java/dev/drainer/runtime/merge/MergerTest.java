package dev.drainer.runtime.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MergerTest {
    /** Sources hold up to three items and 30 bytes; an item below 1000 weighs 10 bytes, one from 1000 on 100. */
    private final Merger<Long> merger = new Merger<>(Long::longValue, v -> v >= 1000 ? 100 : 10, 100, 3, 30);
    private final List<Thread> producers = new ArrayList<>();
    private final BlockingQueue<Object> out = new ArrayBlockingQueue<>(1000);
    private Thread consumer;

    @AfterEach
    void stop() throws InterruptedException {
        merger.close();
        for (Thread t : producers) {
            t.interrupt();
            t.join(5000);
        }
        if (consumer != null) {
            consumer.join(5000);
        }
    }

    /** Feeds {@code items} into a new source on its own thread, as a puller does. */
    private Merger<Long>.Source produce(String id, long... items) {
        Merger<Long>.Source s = merger.addSource(id);
        Thread t = new Thread(() -> {
            try {
                for (long i : items) {
                    s.put(i);
                }
            } catch (InterruptedException | SourceRemovedException e) {
                // Test over or source removed.
            }
        }, "producer-" + id);
        t.start();
        producers.add(t);
        return s;
    }

    private void consume() {
        consumer = new Thread(() -> {
            try {
                while (merger.hasNext()) {
                    out.add(merger.next());
                }
                out.add("end");
            } catch (RuntimeException e) {
                out.add(e);
            }
        }, "consumer");
        consumer.start();
    }

    private List<Object> take(int n) throws InterruptedException {
        List<Object> got = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object o = out.poll(10, TimeUnit.SECONDS);
            if (o == null) {
                throw new AssertionError("only " + got + " after 10 s, expected " + n + " items");
            }
            got.add(o);
        }
        return got;
    }

    /** Nothing arrives within a short while: the merge is waiting, as it must. */
    private void assertNothingFor(Duration d) throws InterruptedException {
        Object o = out.poll(d.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(null, o, "the merge emitted while it had to wait");
    }

    @Test
    void interleavedSourcesComeOutInCommitTsOrderAndTheLastItemWaitsForAllSources() throws Exception {
        produce("a", 101, 104, 105, 109);
        produce("b", 102, 103, 107);
        produce("c", 106, 108, 110);
        consume();
        assertEquals(List.of(101L, 102L, 103L, 104L, 105L, 106L, 107L), take(7));
        // b is exhausted and silent: 108 and 109 are pending but the merge must not emit them.
        assertNothingFor(Duration.ofMillis(300));
        assertEquals(107, merger.latestTs());
    }

    @Test
    void duplicatesAndOutOfOrderItemsAtOrBelowTheLatestAreDropped() throws Exception {
        produce("a", 99, 100, 101, 101, 103, 102, 104);
        consume();
        assertEquals(List.of(101L, 103L, 104L), take(3));
        assertEquals(4, merger.dropped());
    }

    @Test
    void aSourceAddedLaterJoinsAndARemovedOneNoLongerStallsTheMerge() throws Exception {
        Merger<Long>.Source a = produce("a", 101, 103, 105);
        consume();
        assertEquals(List.of(101L, 103L, 105L), take(3));
        produce("b", 104, 106, 108);
        // 107 only after b has joined: a sole source's next item is emitted at once.
        a.put(107L);
        // 104 is below the latest emitted (105): dropped; then 106 goes before a's 107.
        assertEquals(List.of(106L, 107L), take(2));
        assertNothingFor(Duration.ofMillis(200));
        merger.removeSource("a");
        assertEquals(List.of(108L), take(1));
        assertThrows(SourceRemovedException.class, () -> a.put(109L));
    }

    @Test
    void pauseHoldsEmissionUntilEverySourceIsAdded() throws Exception {
        merger.pause();
        produce("a", 102);
        consume();
        assertNothingFor(Duration.ofMillis(200));
        produce("b", 101);
        merger.resume();
        assertEquals(List.of(101L), take(1));
    }

    @Test
    void aFailedSourceEndsTheMergeWithItsErrorAndCloseEndsItCleanly() throws Exception {
        Merger<Long>.Source a = produce("a", 101);
        produce("b", 102);
        consume();
        assertEquals(List.of(101L), take(1));
        SourceFailedException failure = new SourceFailedException("pump a sent garbage", null);
        a.fail(failure);
        assertSame(failure, take(1).get(0));

        Merger<Long> other = new Merger<>(Long::longValue, v -> 1, 0, 1, 1);
        CountDownLatch waiting = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            waiting.countDown();
            assertFalse(other.hasNext());
        });
        t.start();
        waiting.await();
        other.close();
        t.join(5000);
        assertFalse(t.isAlive());
    }

    @Test
    void aProducerWaitsWhileItsSourceHoldsAsManyItemsOrBytesAsItMay() throws Exception {
        Merger<Long>.Source a = merger.addSource("a");
        Merger<Long>.Source b = merger.addSource("b");
        a.put(101L);
        a.put(103L);
        a.put(105L);
        Thread fourth = putOnItsOwnThread(a, 107L);
        fourth.join(300);
        assertTrue(fourth.isAlive(), "a fourth item must wait while three are held");
        consume();
        b.put(102L);
        assertEquals(List.of(101L, 102L), take(2));
        fourth.join(300);
        assertTrue(fourth.isAlive(), "one item taken of three: the producer is woken only at half or empty");
        b.put(104L);
        assertEquals(List.of(103L, 104L), take(2));
        fourth.join(5000);
        assertFalse(fourth.isAlive(), "one item held of three: the producer goes on");

        // A large item (100 bytes of 30) is held alone: the next waits until it is taken, then goes on.
        Merger<Long>.Source c = merger.addSource("c");
        c.put(1000L);
        Thread afterLarge = putOnItsOwnThread(c, 1001L);
        afterLarge.join(300);
        assertTrue(afterLarge.isAlive(), "nothing joins an item that is over the byte limit on its own");
        merger.removeSource("a");
        merger.removeSource("b");
        assertEquals(List.of(1000L), take(1));
        afterLarge.join(5000);
        assertFalse(afterLarge.isAlive());
        assertEquals(List.of(1001L), take(1));

        c.put(1002L);
        assertEquals(List.of(1002L), take(1));
        merger.removeSource("c");
        assertThrows(SourceRemovedException.class, () -> c.put(1003L));
    }

    /** Puts {@code item} into {@code s} on a new thread; a failed put lands in {@code out}. */
    private Thread putOnItsOwnThread(Merger<Long>.Source s, long item) {
        Thread t = new Thread(() -> {
            try {
                s.put(item);
            } catch (InterruptedException | SourceRemovedException e) {
                out.add(e);
            }
        });
        t.start();
        producers.add(t);
        return t;
    }
}
