package dev.drainer.runtime.pump;

import dev.drainer.config.TlsConfig;
import dev.drainer.pd.GrpcTls;
import dev.drainer.pd.PdClient;
import dev.drainer.pd.registry.NodeState;
import dev.drainer.pd.registry.NodeStatus;
import dev.drainer.pd.registry.Registry;
import dev.drainer.runtime.RuntimeFactory;
import dev.drainer.runtime.merge.Merger;
import dev.drainer.runtime.metrics.DrainerMetrics;
import dev.drainer.runtime.metrics.MetricRegistry;
import dev.drainer.runtime.server.CisternService;
import dev.drainer.runtime.server.SharedPortServer;
import dev.drainer.sim.ServerTls;
import dev.drainer.sim.SimulatedPd;
import dev.drainer.sim.SimulatedPump;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The drainer's upstream side wired as it runs: a simulated PD and pumps; registry, collector,
 * pullers and merger; the Cistern service on the shared port, registered online in etcd; and a
 * consumer thread draining the merge into a queue.
 */
final class UpstreamHarness implements AutoCloseable {
    static final Duration FAKES = Duration.ofMillis(100);

    final SimulatedPd pd;
    final PdClient client;
    final Registry registry;
    final DrainerMetrics metrics = new DrainerMetrics(new MetricRegistry());
    final Merger<PumpBinlog> merger;
    final PumpCollector collector;
    final SharedPortServer server;
    final BlockingQueue<Object> merged = new LinkedBlockingQueue<>();
    private final List<SimulatedPump> pumps = new ArrayList<>();
    private Thread consumer;

    UpstreamHarness(long startTs) throws Exception {
        this(startTs, false);
    }

    /** @param gzip the pullers ask with gzip ({@code compressor = "gzip"}) */
    UpstreamHarness(long startTs, boolean gzip) throws Exception {
        this(startTs, gzip, null, TlsConfig.NONE);
    }

    /**
     * @param serverTls the TLS of PD and its pumps (null: plaintext)
     * @param security  the drainer's {@code [security]}: towards them, and on its own port, where pumps notify it
     */
    UpstreamHarness(long startTs, boolean gzip, ServerTls serverTls, TlsConfig security) throws Exception {
        Optional<GrpcTls> clientTls = RuntimeFactory.grpcTls(security);
        pd = SimulatedPd.start(7_100_000_000_000_000_001L, serverTls);
        client = PdClient.forUrls(pd.endpoint(), clientTls);
        registry = new Registry(client.etcd(Duration.ofSeconds(5)));
        merger = PumpBinlog.merger(startTs);
        collector = new PumpCollector(registry, pd.clusterId(), merger, PullerOptions.defaults().withGzip(gzip)
                .withRetryPause(Duration.ofMillis(200)).withTls(clientTls), metrics, Duration.ofHours(1));
        server = SharedPortServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                List.of(new CisternService(collector::refresh)), Map.of("/metrics", metrics.registry.httpHandler()),
                RuntimeFactory.listenerTls(security));
        registry.update(NodeStatus.drainer("drainer-test", "127.0.0.1:" + server.port(), NodeState.ONLINE, startTs, pd.nextTs()));
    }

    SimulatedPump pump(String id) throws IOException {
        SimulatedPump p = SimulatedPump.start(pd, id, FAKES);
        pumps.add(p);
        return p;
    }

    SimulatedPump pump(String id, long clusterId) throws IOException {
        SimulatedPump p = SimulatedPump.start(pd, id, clusterId, FAKES);
        pumps.add(p);
        return p;
    }

    /** Starts the collector and a consumer that puts every merged item (or the merge's failure) in {@link #merged}. */
    void startDraining() throws Exception {
        collector.start();
        consumer = new Thread(() -> {
            try {
                while (merger.hasNext()) {
                    merged.add(merger.next());
                }
            } catch (RuntimeException e) {
                merged.add(e);
            }
        }, "test-consumer");
        consumer.setDaemon(true);
        consumer.start();
    }

    /** Takes merged real binlogs (skipping fakes) until one with commit ts {@code until}; fails on anything else. */
    List<Long> realUntil(long until) throws InterruptedException {
        List<Long> out = new ArrayList<>();
        while (true) {
            Object o = merged.poll(20, TimeUnit.SECONDS);
            if (o == null) {
                throw new AssertionError("merge gave nothing for 20 s; real so far " + out + ", waiting for " + until);
            }
            if (o instanceof RuntimeException e) {
                throw new AssertionError("merge failed after " + out, e);
            }
            PumpBinlog b = (PumpBinlog) o;
            if (!b.fake()) {
                out.add(b.commitTs());
            }
            if (b.commitTs() >= until) {
                return out;
            }
        }
    }

    @Override
    public void close() throws Exception {
        collector.close();
        merger.close();
        if (consumer != null) {
            consumer.join(5000);
        }
        server.close();
        pumps.forEach(SimulatedPump::close);
        client.close();
        pd.close();
    }
}
