package dev.drainer.operator.bench;

import dev.drainer.operator.control.OperatorConfig;
import dev.drainer.operator.control.PdClientProbe;
import dev.drainer.operator.observe.CheckpointReader;
import dev.drainer.operator.observe.JdbcCheckpointReader;
import dev.drainer.operator.observe.PdProbe;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The production PD probe and checkpoint reader, each timed ({@link #PD_PROBE}, {@link #CHECKPOINT_READ}), so that
 * the benchmark can say how much of a reconcile is spent outside Kubernetes. Enabled by {@link ThroughputBenchProfile}
 * only.
 */
@Alternative
@Singleton
public class TimedObservations {
    /** Timer of every PD probe. */
    public static final String PD_PROBE = "bench_pd_probe";
    /** Timer of every checkpoint read. */
    public static final String CHECKPOINT_READ = "bench_checkpoint_read";

    @Produces
    @Singleton
    @Alternative
    PdProbe pdProbe(MeterRegistry registry) {
        PdProbe probe = new PdClientProbe();
        Timer timer = registry.timer(PD_PROBE);
        return (endpoints, tls, timeout) -> timer.record(() -> probe.probe(endpoints, tls, timeout));
    }

    @Produces
    @Singleton
    @Alternative
    CheckpointReader checkpointReader(OperatorConfig config, MeterRegistry registry) {
        CheckpointReader reader = new JdbcCheckpointReader(config.requestTimeout());
        Timer timer = registry.timer(CHECKPOINT_READ);
        return (source, clusterId) -> timer.record(() -> reader.read(source, clusterId));
    }
}
