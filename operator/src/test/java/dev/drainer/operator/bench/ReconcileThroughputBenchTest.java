package dev.drainer.operator.bench;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.checkpoint.MysqlEndpoint;
import dev.drainer.operator.Fixtures;
import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.Phase;
import dev.drainer.operator.observe.Tso;
import dev.drainer.operator.rbac.ApiRequestLog;
import dev.drainer.operator.rbac.RbacTriple;
import dev.drainer.sim.SimulatedPd;
import dev.drainer.testkit.db.MariaDb;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Benchmark, not a test of speed (nothing is asserted about it): reconcile throughput of the operator with 200
 * Drainers on the fabric8 CRUD mock API server, with the production observation intervals, one simulated PD that
 * all of them probe, their checkpoint rows in the real MariaDB, and {@link ReadyStatefulSets} as the StatefulSet
 * controller. Prints lines starting with {@code BENCH operator}. Skipped unless {@code -Ddrainer.bench=true}; the
 * command is in docs/benchmark.md. It fails only when the Drainers do not reach the state it measures at all.
 */
@QuarkusTest
@TestProfile(ThroughputBenchProfile.class)
@WithKubernetesTestServer(crud = true)
@EnabledIfSystemProperty(named = "drainer.bench", matches = "true")
class ReconcileThroughputBenchTest {
    private static final String NS = "bench";
    private static final int DRAINERS = Integer.getInteger("drainer.bench.drainers", 200);
    private static final Duration STEADY = Duration.ofSeconds(Long.getLong("drainer.bench.steady-seconds", 60));
    /** Not a performance bound: only how long to wait before calling the run failed. */
    private static final Duration DEADLINE = Duration.ofMinutes(20);
    /** JOSDK's reconcile timer, one per Drainer (quarkus-operator-sdk collects per-resource metrics). */
    private static final String RECONCILE_TIMER = "operator.sdk.controllers.execution.reconcile";

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient operatorClient;

    @Inject
    MeterRegistry registry;

    @Inject
    Operator operator;

    /** What the operator has done so far: a mark to subtract from a later one. */
    private record Sample(Instant at, long cpuNanos, TimerTotals reconciles, TimerTotals probes,
                          TimerTotals reads, int requestMark) {
    }

    @Test
    void reconcileThroughputOf200Drainers() throws Exception {
        String loadBefore = loadAverage();
        MariaDb db = MariaDb.shared();
        try (SimulatedPd pd = SimulatedPd.start(7_200_000_000_000_000_001L);
             ApiRequestLog requests = ApiRequestLog.start(server.getKubernetesMockServer());
             KubernetesClient harness = new KubernetesClientBuilder().withConfig(new ConfigBuilder(
                     operatorClient.getConfiguration()).withUserAgent(ApiRequestLog.HARNESS_AGENT).build()).build();
             ReadyStatefulSets controller = new ReadyStatefulSets(harness, NS);
             DrainerPhases drainers = new DrainerPhases(harness, NS)) {
            long ts = Tso.of(Instant.now());
            for (int i = 0; i < DRAINERS; i++) {
                CheckpointStore store = new CheckpointStore(new MysqlEndpoint(db.host(), db.port(), db.user(),
                        db.password(), Duration.ofSeconds(5), Duration.ofSeconds(5), List.of()), "opbench", table(i));
                store.createIfMissing();
                store.save(pd.clusterId(), Checkpoint.at(ts, false));
                Fixtures.createPasswordSecret(harness, NS, name(i), db.password());
            }

            Sample start = sample(requests);
            for (int i = 0; i < DRAINERS; i++) {
                harness.resource(drainer(i, pd, db)).create();
            }
            Duration creating = Duration.between(start.at(), Instant.now());
            Map<String, Duration> running = drainers.awaitAll(DRAINERS, DrainerPhases.settledIn(Phase.Running),
                    start.at(), DEADLINE);
            Sample allRunning = sample(requests);

            Thread.sleep(STEADY.toMillis());
            Sample steadyEnd = sample(requests);

            Sample change = sample(requests);
            for (int i = 0; i < DRAINERS; i++) {
                int n = i;
                retryOnConflict(() -> harness.resources(Drainer.class).inNamespace(NS).withName(name(n)).edit(d -> {
                    d.getSpec().podAnnotations = Map.of("bench.drainer.dev/rollout", "2");
                    return d;
                }));
            }
            Map<String, Duration> rolled = drainers.awaitAll(DRAINERS, DrainerPhases.settledIn(Phase.Running),
                    change.at(), DEADLINE);
            Sample changed = sample(requests);

            System.out.printf("BENCH operator setup: %d Drainers, one SimulatedPd, checkpoint rows in MariaDB %s:%d,"
                            + " ReadyStatefulSets (status only, no pods), pd-probe-interval 10s, checkpoint-interval 15s,"
                            + " resync 10s, JOSDK reconcile threads %d; load before %s, after %s, %d cores%n",
                    DRAINERS, db.host(), db.port(), operator.getConfigurationService().concurrentReconciliationThreads(), loadBefore, loadAverage(),
                    Runtime.getRuntime().availableProcessors());
            Duration last = Duration.between(start.at(), allRunning.at());
            System.out.printf("BENCH operator creation: %d Drainers created in %d ms; all Running after %d ms, %d ms"
                            + " after the last create (p50 %d ms, first %d ms)%n", DRAINERS, creating.toMillis(),
                    last.toMillis(), last.minus(creating).toMillis(), median(running.values()),
                    running.values().stream().min(Comparator.naturalOrder()).orElseThrow().toMillis());
            report("to Running", start, allRunning, requests);
            report("steady", allRunning, steadyEnd, requests);
            System.out.printf("BENCH operator spec change of all %d: all applied and Running after %d ms (p50 %d ms)%n",
                    DRAINERS, Duration.between(change.at(), changed.at()).toMillis(), median(rolled.values()));
            report("spec change", change, changed, requests);
            System.out.printf("BENCH operator events by reason: %s%n", harness.v1().events().inNamespace(NS).list()
                    .getItems().stream().collect(Collectors.groupingBy(e -> e.getReason(), TreeMap::new,
                            Collectors.counting())));
            System.gc();
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            System.out.printf("BENCH operator heap after GC: %d MB used of %d MB max (the test JVM: operator, mock API"
                    + " server with its objects, harness)%n", heap.getUsed() >> 20, heap.getMax() >> 20);
        }
    }

    /** One line of figures between two samples, and the operator's requests in that time by verb and resource. */
    private void report(String phase, Sample from, Sample to, ApiRequestLog requests) {
        double seconds = Duration.between(from.at(), to.at()).toMillis() / 1000.0;
        TimerTotals r = to.reconciles().minus(from.reconciles());
        TimerTotals probes = to.probes().minus(from.probes());
        TimerTotals reads = to.reads().minus(from.reads());
        List<ApiRequestLog.Request> sent = requests.operatorRequestsBetween(from.requestMark(), to.requestMark());
        System.out.printf("BENCH operator %s: %.1f s, %d reconciles (%.1f/s), reconcile p50 <= %.0f ms, p99 <= %.0f ms,"
                        + " mean %.1f ms; test JVM CPU %.2f cores; %d API requests (%.1f per Drainer, %.1f/s);"
                        + " %d PD probes (mean %.1f ms, %.0f%% of reconcile time), %d checkpoint reads (mean %.1f ms,"
                        + " %.0f%% of reconcile time)%n",
                phase, seconds, r.count(), r.count() / seconds, r.quantileUpperBound(0.5), r.quantileUpperBound(0.99),
                r.meanMillis(), (to.cpuNanos() - from.cpuNanos()) / 1e9 / seconds, sent.size(),
                sent.size() / (double) DRAINERS, sent.size() / seconds, probes.count(), probes.meanMillis(),
                100 * probes.totalMillis() / r.totalMillis(), reads.count(), reads.meanMillis(),
                100 * reads.totalMillis() / r.totalMillis());
        Map<String, Long> byKind = sent.stream().collect(Collectors.groupingBy(q -> RbacTriple.of(q.method(), q.path())
                .map(t -> t.verb() + " " + (t.apiGroup().isEmpty() ? "" : t.apiGroup() + "/") + t.resource())
                .orElse(q.method() + " " + q.path()), TreeMap::new, Collectors.counting()));
        System.out.printf("BENCH operator %s requests: %s%n", phase, byKind.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
    }

    private Sample sample(ApiRequestLog requests) {
        return new Sample(Instant.now(), processCpuNanos(), TimerTotals.of(registry, RECONCILE_TIMER),
                TimerTotals.of(registry, TimedObservations.PD_PROBE),
                TimerTotals.of(registry, TimedObservations.CHECKPOINT_READ), requests.size());
    }

    private static Drainer drainer(int i, SimulatedPd pd, MariaDb db) {
        Drainer d = Fixtures.toCreate(NS, name(i), pd.endpoint(), db);
        d.getSpec().checkpoint.schema = "opbench";
        d.getSpec().checkpoint.table = table(i);
        return d;
    }

    private static String name(int i) {
        return String.format("d%03d", i);
    }

    private static String table(int i) {
        return String.format("cp_%03d", i);
    }

    private static void retryOnConflict(Runnable write) {
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 20) {
                    throw e;
                }
            }
        }
    }

    private static long median(Collection<Duration> durations) {
        List<Duration> sorted = new ArrayList<>(durations);
        sorted.sort(Comparator.naturalOrder());
        return sorted.get(sorted.size() / 2).toMillis();
    }

    private static long processCpuNanos() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
