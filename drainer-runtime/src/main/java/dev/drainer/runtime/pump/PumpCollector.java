package dev.drainer.runtime.pump;

import dev.drainer.pd.PdException;
import dev.drainer.pd.registry.NodeState;
import dev.drainer.pd.registry.NodeStatus;
import dev.drainer.pd.registry.Registry;
import dev.drainer.runtime.merge.Merger;
import dev.drainer.runtime.metrics.DrainerMetrics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Finds pumps in the registry and keeps one puller per pump feeding the merge (spec §1.4, Go
 * {@code drainer/collector.go}). A round lists {@code /tidb-binlog/v1/pumps/}: an unknown pump not
 * {@code offline} gets a puller starting at the merge's latest ts; a known one is paused when
 * {@code paused}, resumed when {@code online}, and removed from the merge when {@code offline}.
 * Rounds run every detect interval and at once on {@link #refresh} (what Cistern {@code Notify}
 * calls). The first round runs with the merge paused, so every pump present at start is a source
 * before anything is emitted.
 */
public final class PumpCollector implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PumpCollector.class.getName());
    // How long a Notify that arrives before the first round waits for it; a pump gives up after 10 s.
    private static final long NOT_READY_WAIT_SECONDS = 30;

    private final Registry registry;
    private final long clusterId;
    private final Merger<PumpBinlog> merger;
    private final PullerOptions options;
    private final DrainerMetrics metrics;
    private final Duration detectInterval;
    private final Map<String, PumpPuller> pullers = new LinkedHashMap<>();
    private final CountDownLatch firstRound = new CountDownLatch(1);
    private final Thread loop;
    private volatile boolean closed;

    public PumpCollector(Registry registry, long clusterId, Merger<PumpBinlog> merger, PullerOptions options,
                         DrainerMetrics metrics, Duration detectInterval) {
        this.registry = registry;
        this.clusterId = clusterId;
        this.merger = merger;
        this.options = options;
        this.metrics = metrics;
        this.detectInterval = detectInterval;
        this.loop = new Thread(this::run, "pump-collector");
        this.loop.setDaemon(true);
    }

    /** Runs the first round now (its failure is thrown), then rounds every detect interval in the background. */
    public void start() throws PdException {
        merger.pause();
        try {
            round();
        } finally {
            merger.resume();
        }
        firstRound.countDown();
        loop.start();
    }

    /**
     * One round now, returning its failure (Cistern {@code Notify}). Called before {@link #start} has
     * finished its first round, it waits for that round instead.
     */
    public void refresh() throws PdException, InterruptedException {
        if (!firstRound.await(NOT_READY_WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new PdException("drainer is not ready: its first pump round has not run within "
                    + NOT_READY_WAIT_SECONDS + " s");
        }
        round();
    }

    /** The last commit ts received from each known pump ({@code /status} PumpPos). */
    public synchronized Map<String, Long> positions() {
        Map<String, Long> out = new LinkedHashMap<>();
        pullers.forEach((id, p) -> out.put(id, p.lastTs()));
        return out;
    }

    /** Why pump {@code id}'s puller is retrying, if it is. */
    public synchronized Optional<String> lastError(String id) {
        PumpPuller p = pullers.get(id);
        return p == null ? Optional.empty() : p.lastError();
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(detectInterval.toMillis());
                round();
            } catch (InterruptedException e) {
                return;
            } catch (PdException e) {
                LOG.log(System.Logger.Level.WARNING, "pump round failed, retrying next interval error={0}", e.getMessage());
            }
        }
    }

    private synchronized void round() throws PdException {
        if (closed) {
            return;
        }
        for (NodeStatus n : registry.pumps()) {
            String id = n.nodeId().trim();
            PumpPuller p = pullers.get(id);
            if (p == null) {
                if (n.state() == NodeState.OFFLINE) {
                    continue;
                }
                p = add(id, n.host());
            }
            switch (n.state()) {
                case PAUSED -> p.pause();
                case ONLINE -> p.resume();
                case OFFLINE -> remove(id, p);
                default -> {
                    // pausing and closing: the pump is on its way; nothing to do yet.
                }
            }
        }
        pullers.forEach((id, puller) -> metrics.pumpPosition.labels(id).set(puller.lastTs() >>> 18));
    }

    private PumpPuller add(String id, String host) {
        long from = merger.latestTs();
        PumpPuller p = new PumpPuller(id, host, clusterId, from, merger.addSource(id), options, metrics);
        pullers.put(id, p);
        p.start();
        LOG.log(System.Logger.Level.INFO, "pump found pump={0} host={1} fromTS={2}", id, host, from);
        return p;
    }

    private void remove(String id, PumpPuller p) {
        merger.removeSource(id);
        p.close();
        pullers.remove(id);
        metrics.pumpPosition.remove(id);
        LOG.log(System.Logger.Level.INFO, "pump offline, removed pump={0} lastTS={1}", id, p.lastTs());
    }

    /** Stops the rounds and every puller; the merge itself is the caller's to close. */
    @Override
    public void close() {
        closed = true;
        loop.interrupt();
        synchronized (this) {
            pullers.forEach((id, p) -> merger.removeSource(id));
            pullers.values().forEach(PumpPuller::close);
            pullers.clear();
        }
    }
}
