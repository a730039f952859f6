package dev.drainer.runtime.run;

import com.sun.net.httpserver.HttpHandler;
import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointException;
import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.config.DrainerConfig;
import dev.drainer.pd.GrpcTls;
import dev.drainer.pd.PdClient;
import dev.drainer.pd.PdException;
import dev.drainer.pd.registry.Registry;
import dev.drainer.runtime.RuntimeFactory;
import dev.drainer.runtime.merge.Merger;
import dev.drainer.runtime.metrics.DrainerMetrics;
import dev.drainer.runtime.metrics.MetricRegistry;
import dev.drainer.runtime.pump.PullerOptions;
import dev.drainer.runtime.pump.PumpBinlog;
import dev.drainer.runtime.pump.PumpCollector;
import dev.drainer.runtime.schema.DdlHistory;
import dev.drainer.runtime.schema.SchemaTracker;
import dev.drainer.runtime.schema.TableFilter;
import dev.drainer.runtime.server.CisternService;
import dev.drainer.runtime.server.ListenerTls;
import dev.drainer.runtime.server.SharedPortServer;
import dev.drainer.runtime.syncer.DdlSchemaVersions;
import dev.drainer.runtime.syncer.Pipeline;
import dev.drainer.runtime.translate.SecondaryBinlogTranslator;
import dev.drainer.runtime.translate.TiBinlogTranslator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code drainer run} (spec §1.2): the shared port first (so Kubernetes probes answer while PD is
 * awaited), then PD members and TSO, the checkpoint, the schema from a {@link DdlHistory}, the
 * registry record with its heartbeat, and pumps → merge → translator → {@link Pipeline}.
 * {@link #stop} (a signal, binlogctl's {@code PUT /state/{nodeID}/{pause|close}}, or PD lost: too many
 * failed heartbeats in a row) stops pulling; the pipeline drains what it has, saves
 * {@code consistent=true}, and the record is written {@code paused} ({@code offline} after a close).
 */
public final class DrainerRun implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DrainerRun.class.getName());

    private final DrainerConfig cfg;
    private final RunOptions options;
    private final DrainerMetrics metrics = new DrainerMetrics(new MetricRegistry());
    private final CompletableFuture<Long> finished = new CompletableFuture<>();
    private final NodeStateControl nodeState;
    private final DrainTimes drainTimes;
    private final AtomicLong stopAskedNanos = new AtomicLong();
    private volatile String pdLost;
    private volatile long drainMillis = -1;
    private volatile SharedPortServer server;
    private volatile PumpCollector collector;
    private volatile Merger<PumpBinlog> merger;
    private volatile TranslatingSource source;
    private volatile CheckpointWatch checkpoint;
    private volatile boolean pdReached;
    private volatile boolean pipelineRunning;
    private volatile boolean firstRoundDone;
    private PdClient pd;
    private NodeHeartbeat heartbeat;
    private Thread pipeline;
    private boolean shutDown;

    private DrainerRun(DrainerConfig cfg, RunOptions options) {
        this.cfg = cfg;
        this.options = options;
        this.nodeState = new NodeStateControl(cfg.nodeId(), this::stop);
        this.drainTimes = new DrainTimes(Path.of(cfg.dataDir()), metrics.registry);
    }

    /**
     * Runs the start-up sequence and starts replicating in the background. On failure everything
     * started so far is stopped again.
     *
     * @throws PdUnreachableException PD gave no members within {@link RunOptions#pdWait}
     */
    public static DrainerRun start(DrainerConfig cfg, DdlHistory history, RunOptions options)
            throws PdUnreachableException, PdException, CheckpointException, IOException, InterruptedException {
        DrainerRun run = new DrainerRun(cfg, options);
        try {
            run.startUp(history);
            return run;
        } catch (PdUnreachableException | PdException | CheckpointException | IOException | InterruptedException
                 | RuntimeException e) {
            run.shutDownQuietly();
            throw e;
        }
    }

    private void startUp(DdlHistory history)
            throws PdUnreachableException, PdException, CheckpointException, IOException, InterruptedException {
        Map<String, HttpHandler> routes = new LinkedHashMap<>(
                HttpRoutes.of(view(), () -> checkpoint == null ? 0 : checkpoint.commitTs()));
        routes.put("/metrics", metrics.registry.httpHandler());
        // Both read [security] before anything listens, so a bad file fails the start at once.
        Optional<GrpcTls> tls = RuntimeFactory.grpcTls(cfg.security());
        Optional<ListenerTls> listenerTls = RuntimeFactory.listenerTls(cfg.security());
        server = SharedPortServer.start(socketAddress(cfg.addr()), List.of(new CisternService(this::refreshPumps)),
                routes, listenerTls);

        pd = PdClient.forUrls(cfg.pdUrls(), tls);
        long clusterId = PdStartup.awaitMembers(pd, options.pdWait(), options.pdCallTimeout()).clusterId();
        pdReached = true;
        long tso = pd.tso(options.pdCallTimeout());

        CheckpointStore store = RuntimeFactory.checkpointStore(cfg);
        store.createIfMissing();
        Optional<Checkpoint> saved = store.load(clusterId);
        long initial = cfg.initialCommitTs() == -1 ? tso : cfg.initialCommitTs();
        long startTs = saved.isPresent() && saved.get().commitTs() != 0 ? saved.get().commitTs() : initial;
        checkpoint = new CheckpointWatch(store, clusterId, startTs, metrics);
        LOG.log(System.Logger.Level.INFO, "start-up clusterID={0} tso={1} checkpointTS={2} schemaVersion={3}",
                Long.toUnsignedString(clusterId), tso, startTs, saved.map(Checkpoint::schemaVersion).orElse(0L));

        SchemaTracker schema = SchemaTracker.resumingAt(history.allJobs(), saved.map(Checkpoint::schemaVersion).orElse(0L));
        TiBinlogTranslator translator = new TiBinlogTranslator(schema, history, TableFilter.of(cfg.syncer()),
                Set.copyOf(cfg.syncer().ignoreTxnCommitTs()), cfg.syncer().syncDdl(), ZoneOffset.UTC);

        Registry registry = new Registry(pd.etcd(options.pdCallTimeout()));
        NodeHeartbeat hb = new NodeHeartbeat(registry, cfg.nodeId(), cfg.advertiseAddr(), checkpoint, nodeState::current,
                options.heartbeatMaxFailures(), this::lostPd, tso);
        hb.start(options.heartbeatInterval());
        heartbeat = hb;

        merger = PumpBinlog.merger(startTs);
        DdlSchemaVersions ddlVersions = new DdlSchemaVersions();
        source = new TranslatingSource(merger, translator,
                new SecondaryBinlogTranslator(cfg.syncer().relay().legacyZone()), ddlVersions, metrics);
        PullerOptions pullers = PullerOptions.defaults().withGzip(cfg.compressor().equals("gzip")).withTls(tls)
                .withRetryPause(options.pullerRetryPause());
        collector = new PumpCollector(registry, clusterId, merger, pullers, metrics,
                Duration.ofSeconds(cfg.detectInterval()));
        collector.start();
        firstRoundDone = true;

        Pipeline.Options pipelineOptions = options.pipeline().withProbe(
                options.pipeline().probe().andThen(checkpoint.probe())).withDdlVersions(ddlVersions).withMetrics(metrics);
        pipeline = new Thread(() -> runPipeline(clusterId, startTs, pipelineOptions), "drainer-pipeline");
        pipelineRunning = true;
        pipeline.start();
        if (stopAskedNanos.get() != 0) {
            // Asked while starting, before there was anything to stop.
            stop();
        }
    }

    private void runPipeline(long clusterId, long startTs, Pipeline.Options pipelineOptions) {
        try {
            long txns = Pipeline.runItems(cfg, clusterId, startTs, source, pipelineOptions);
            long asked = stopAskedNanos.get();
            if (asked != 0) {
                drainMillis = (System.nanoTime() - asked) / 1_000_000;
                drainTimes.record(drainMillis);
            }
            finished.complete(txns);
        } catch (Exception | Error e) {
            LOG.log(System.Logger.Level.ERROR, "pipeline failed error={0}", e.getMessage());
            finished.completeExceptionally(e);
        } finally {
            pipelineRunning = false;
        }
    }

    private void refreshPumps() throws Exception {
        PumpCollector c = collector;
        if (c == null) {
            throw new PdException("drainer " + cfg.nodeId() + " is starting: " + (pdReached ? "pumps not listed yet"
                    : "PD not reached yet"));
        }
        c.refresh();
    }

    private HttpRoutes.View view() {
        return new HttpRoutes.View() {
            @Override
            public Optional<Map<String, Long>> pumpPositions() {
                PumpCollector c = collector;
                return firstRoundDone && c != null ? Optional.of(c.positions()) : Optional.empty();
            }

            @Override
            public boolean synced() {
                TranslatingSource s = source;
                return s != null && System.nanoTime() - s.lastEmitNanos() >= Duration.ofMinutes(cfg.syncedCheckTime()).toNanos();
            }

            @Override
            public NodeStateControl.Answer applyAction(String nodeId, String action) {
                return nodeState.apply(nodeId, action);
            }

            @Override
            public Optional<String> notReadyReason() {
                if (!pdReached) {
                    return Optional.of("PD not reached yet");
                }
                return pipelineRunning ? Optional.empty() : Optional.of("pipeline not running");
            }
        };
    }

    /** The bound shared port (the chosen one when {@code addr} has port 0). */
    public int port() {
        return server.port();
    }

    /** The checkpoint commit ts as last read from the table. */
    public long checkpointTs() {
        return checkpoint.commitTs();
    }

    /**
     * Stops pulling; the pipeline then drains what it already has and ends. Returns at once; idempotent.
     * The first call starts the drain clock.
     */
    public void stop() {
        stopAskedNanos.compareAndSet(0, System.nanoTime());
        // The merge first: closing the collector removes its sources one by one, and a merge left open
        // would emit the remaining pumps' items past a removed pump's unpulled ones.
        Merger<PumpBinlog> m = merger;
        if (m != null) {
            m.close();
        }
        PumpCollector c = collector;
        if (c != null) {
            c.close();
        }
    }

    private void lostPd(String why) {
        pdLost = why;
        stop();
    }

    /** From the stop request to {@code consistent=true} in ms; -1 unless the run drained after a stop request. */
    public long drainMillis() {
        return drainMillis;
    }

    /** The worst drain time of this run and the earlier ones that kept the same {@code data-dir}, in ms. */
    public long worstDrainMillis() {
        return drainTimes.worstMillis();
    }

    /**
     * Waits for the pipeline to end (after {@link #stop}, or on its own failure), then writes the
     * record's final state and closes the port. Returns the transactions applied in this run.
     *
     * @throws PdUnreachableException PD was lost while running; the drain still ended with {@code consistent=true}
     */
    public long awaitEnd() throws Exception {
        try {
            long txns = finished.get();
            if (pdLost != null) {
                throw new PdUnreachableException(pdLost + "; drained, consistent=true at checkpointTS=" + checkpoint.refresh(),
                        null);
            }
            return txns;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } finally {
            stop();
            shutDownQuietly();
        }
    }

    private synchronized void shutDownQuietly() {
        if (shutDown) {
            return;
        }
        shutDown = true;
        if (heartbeat != null) {
            heartbeat.stop(nodeState.finalState());
        }
        if (server != null) {
            server.close();
        }
        if (pd != null) {
            pd.close();
        }
        if (checkpoint != null) {
            checkpoint.close();
        }
    }

    /** {@link #stop}, then {@link #awaitEnd}, logging rather than throwing a failure. */
    @Override
    public void close() {
        stop();
        try {
            long txns = awaitEnd();
            LOG.log(System.Logger.Level.INFO, "drainer stopped txns={0} skipped={1} checkpointTS={2}", txns,
                    source.skipped(), checkpoint.commitTs());
        } catch (Exception e) {
            LOG.log(System.Logger.Level.ERROR, "drainer stopped after a failure error={0}", e.getMessage());
        }
    }

    private static InetSocketAddress socketAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }
}
