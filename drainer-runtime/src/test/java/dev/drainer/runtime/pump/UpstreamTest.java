package dev.drainer.runtime.pump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.runtime.merge.SourceFailedException;
import dev.drainer.sim.SimulatedPump;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Collector, pullers and merger against simulated pumps and PD over TCP. */
class UpstreamTest {
    private UpstreamHarness h;

    @AfterEach
    void close() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    private static void assertStrictlyIncreasing(List<Long> ts) {
        for (int i = 1; i < ts.size(); i++) {
            assertTrue(ts.get(i) > ts.get(i - 1), "not strictly increasing at " + i + ": " + ts);
        }
    }

    @Test
    void interleavedCommitsOfThreePumpsMergeInCommitTsOrder() throws Exception {
        h = new UpstreamHarness(0);
        // Pumps register after the drainer is up: their Notify makes the collector find them.
        h.startDraining();
        List<SimulatedPump> pumps = List.of(h.pump("pump-0"), h.pump("pump-1"), h.pump("pump-2"));
        Set<Long> expected = new TreeSet<>();
        for (int i = 0; i < 30; i++) {
            expected.add(pumps.get((i * 7) % 3).commit());
        }
        long last = ((TreeSet<Long>) expected).last();
        List<Long> got = h.realUntil(last);
        assertEquals(new ArrayList<>(expected), got);
        assertEquals(0, h.merger.dropped());
        pumps.forEach(p -> assertEquals(0, p.gzipPulls(), "asked without gzip, answered without"));
    }

    @Test
    void withGzipThePumpsAnswerCompressedAndThePullersDecode() throws Exception {
        h = new UpstreamHarness(0, true);
        h.startDraining();
        List<SimulatedPump> pumps = List.of(h.pump("pump-z0"), h.pump("pump-z1"));
        Set<Long> expected = new TreeSet<>();
        for (int i = 0; i < 20; i++) {
            expected.add(pumps.get(i % 2).commit());
        }
        assertEquals(new ArrayList<>(expected), h.realUntil(((TreeSet<Long>) expected).last()));
        pumps.forEach(p -> assertTrue(p.gzipPulls() >= 1, p.nodeId() + " served " + p.pulls() + " pulls, "
                + p.gzipPulls() + " with gzip"));
    }

    @Test
    void aRestartedPumpIsPulledAgainFromTheLastTsWithoutDuplicates() throws Exception {
        h = new UpstreamHarness(0);
        // Pumps register after the drainer is up: their Notify makes the collector find them.
        h.startDraining();
        SimulatedPump a = h.pump("pump-a");
        SimulatedPump b = h.pump("pump-b");
        long a1 = a.commit();
        long b1 = b.commit();
        assertEquals(List.of(a1, b1), h.realUntil(b1));
        int pullsBefore = a.pulls();
        a.stop();
        long b2 = b.commit();
        a.restart();
        long a2 = a.commit();
        List<Long> got = h.realUntil(a2);
        assertEquals(List.of(b2, a2), got);
        assertTrue(a.pulls() > pullsBefore, "the puller must have re-issued PullBinlogs");
        // Resumed from the last commit ts received: the pump sent nothing twice, so nothing was dropped.
        assertEquals(0, h.merger.dropped());
    }

    @Test
    void aPausedPumpIsNotPulledUntilOnlineAndAnOfflineOneNoLongerHoldsTheMerge() throws Exception {
        h = new UpstreamHarness(0);
        // Pumps register after the drainer is up: their Notify makes the collector find them.
        h.startDraining();
        SimulatedPump a = h.pump("pump-a");
        SimulatedPump b = h.pump("pump-b");
        long a1 = a.commit();
        assertEquals(List.of(a1), h.realUntil(a1));

        a.pause();
        h.collector.refresh();
        int pulls = a.pulls();
        long b1 = b.commit();
        a.resume();
        // Online again in the record, but not yet seen by a round: the puller stays idle.
        Thread.sleep(500);
        assertEquals(pulls, a.pulls(), "a paused puller must not dial its pump");
        h.collector.refresh();
        long a2 = a.commit();
        assertEquals(List.of(b1, a2), h.realUntil(a2));

        a.goOffline();
        h.collector.refresh();
        assertFalse(h.collector.positions().containsKey("pump-a"));
        long b2 = b.commit();
        assertEquals(List.of(b2), h.realUntil(b2));
    }

    @Test
    void duplicatesAndStaleBinlogsFromAPumpAreDropped() throws Exception {
        h = new UpstreamHarness(0);
        // Pumps register after the drainer is up: their Notify makes the collector find them.
        h.startDraining();
        SimulatedPump a = h.pump("pump-a");
        long a1 = a.commit();
        long a2 = a.commit();
        assertEquals(List.of(a1, a2), h.realUntil(a2));
        a.injectDuplicate();
        a.injectStale(a1);
        long a3 = a.commit();
        assertEquals(List.of(a3), h.realUntil(a3));
        assertEquals(2, h.merger.dropped());
    }

    @Test
    void aPumpOfAnotherClusterIsRetriedWithTheClearError() throws Exception {
        h = new UpstreamHarness(0);
        // Pumps register after the drainer is up: their Notify makes the collector find them.
        h.startDraining();
        SimulatedPump wrong = h.pump("pump-x", 99);
        wrong.commit();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (h.collector.lastError("pump-x").isEmpty() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        String error = h.collector.lastError("pump-x").orElseThrow();
        assertTrue(error.contains("cluster ID are mismatch, 7100000000000000001 vs 99"), error);
        assertTrue(h.merged.isEmpty(), "nothing may come from a pump of another cluster: " + h.merged);
    }

    @Test
    void aPumpSendingGarbageFailsTheMergeNamingThePumpAndTheLastGoodTs() throws Exception {
        h = new UpstreamHarness(0);
        // Pumps register after the drainer is up: their Notify makes the collector find them.
        h.startDraining();
        SimulatedPump a = h.pump("pump-a");
        long a1 = a.commit();
        assertEquals(List.of(a1), h.realUntil(a1));
        long lastGood = h.collector.positions().get("pump-a");
        a.commitGarbage();
        Object o;
        do {
            o = h.merged.poll(20, TimeUnit.SECONDS);
        } while (o instanceof PumpBinlog);
        SourceFailedException e = (SourceFailedException) o;
        assertTrue(e.getMessage().startsWith("pump pump-a (" + a.host() + ") sent a payload that is not a binlog after commit ts "),
                e.getMessage());
        assertTrue(Long.parseLong(e.getMessage().replaceAll(".*after commit ts (\\d+).*", "$1")) >= lastGood, e.getMessage());
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + h.server.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(metrics.contains("binlog_drainer_error_count{type=\"unmarshal_binlog\"} 1\n"), metrics);
    }

    @Test
    void aPumpNotifyingBeforeTheDrainerIsReadyIsAnsweredOnceTheFirstRoundHasRun() throws Exception {
        h = new UpstreamHarness(0);
        // The drainer is registered online and listening, but its collector has not run yet.
        CompletableFuture<SimulatedPump> registering = CompletableFuture.supplyAsync(() -> {
            try {
                return h.pump("pump-early");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertFalse(registering.isDone(), "Notify must wait for the drainer's first round");
        h.startDraining();
        SimulatedPump early = registering.get(20, TimeUnit.SECONDS);
        long t = early.commit();
        assertEquals(List.of(t), h.realUntil(t));
    }
}
