package dev.drainer.e2e;

import dev.drainer.operator.control.DrainerCleanup;
import dev.drainer.operator.control.DrainerHttpApi;
import dev.drainer.operator.control.DrainerMetrics;
import dev.drainer.operator.control.DrainerObserver;
import dev.drainer.operator.control.DrainerReconciler;
import dev.drainer.operator.control.EtcdNodeOffliner;
import dev.drainer.operator.control.EventRecorder;
import dev.drainer.operator.control.OperatorConfig;
import dev.drainer.operator.control.PdClientProbe;
import dev.drainer.operator.control.RecoveryActions;
import dev.drainer.operator.control.ResourceApplier;
import dev.drainer.operator.observe.JdbcCheckpointReader;
import dev.drainer.operator.observe.TlsSecretFiles;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;

/**
 * The operator's real {@link DrainerReconciler} on plain java-operator-sdk, without Quarkus: its collaborators are
 * built here as the operator's CDI {@code Producers} build them (real PD probe, real JDBC checkpoint reader, real
 * recovery actions), and JOSDK runs it with informers on the given API server. Server-side apply is off, as in the
 * operator's own tests: the mock API server does not implement it.
 */
final class StandaloneOperator implements AutoCloseable {
    private final Operator operator;
    private final TlsSecretFiles tlsFiles;
    private final MeterRegistry registry;

    private StandaloneOperator(Operator operator, TlsSecretFiles tlsFiles, MeterRegistry registry) {
        this.operator = operator;
        this.tlsFiles = tlsFiles;
        this.registry = registry;
    }

    /** Starts reconciling Drainers of {@code namespace}. */
    static StandaloneOperator start(KubernetesClient client, OperatorConfig config, String namespace) {
        TlsSecretFiles tls = TlsSecretFiles.inTempDirectory();
        MeterRegistry registry = new SimpleMeterRegistry();
        EventRecorder events = new EventRecorder(client);
        DrainerReconciler reconciler = new DrainerReconciler(config,
                new DrainerObserver(config, client, new PdClientProbe(), new JdbcCheckpointReader(config.requestTimeout()),
                        tls),
                new ResourceApplier(client, config.serverSideApply()), events, new DrainerMetrics(registry),
                new DrainerCleanup(client, new DrainerHttpApi(config.requestTimeout()), new EtcdNodeOffliner(), events,
                        config, tls),
                new RecoveryActions(client), Clock.systemUTC());
        Operator operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
                .withUseSSAToPatchPrimaryResource(false).withReconciliationTerminationTimeout(Duration.ofSeconds(10)));
        operator.register(reconciler, c -> c.settingNamespaces(namespace));
        operator.start();
        return new StandaloneOperator(operator, tls, registry);
    }

    /** The operator's meters (recovery timers and counters among them). */
    MeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        operator.stop();
        tlsFiles.close();
    }

    /** The operator's settings, fixed here instead of read by SmallRye Config. */
    record Settings(Duration pdProbeInterval, Duration pdProbeTimeout, Duration checkpointInterval,
                    Duration stallThreshold, Duration resyncInterval, Duration requestTimeout, boolean serverSideApply)
            implements OperatorConfig {
    }
}
