package dev.drainer.operator.control;

import dev.drainer.operator.observe.CheckpointReader;
import dev.drainer.operator.observe.JdbcCheckpointReader;
import dev.drainer.operator.observe.PdProbe;
import dev.drainer.operator.observe.TlsSecretFiles;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Wires the operator's parts; PD, registry and clock are default beans so that tests can replace them. */
@Singleton
public class Producers {
    @Produces
    @Singleton
    @DefaultBean
    PdProbe pdProbe() {
        return new PdClientProbe();
    }

    @Produces
    @Singleton
    @DefaultBean
    NodeOffliner nodeOffliner() {
        return new EtcdNodeOffliner();
    }

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    CheckpointReader checkpointReader(OperatorConfig config) {
        return new JdbcCheckpointReader(config.requestTimeout());
    }

    @Produces
    @Singleton
    TlsSecretFiles tlsSecretFiles() {
        return TlsSecretFiles.inTempDirectory();
    }

    /** The CA and client key copies must not outlive the operator. */
    void closeTlsSecretFiles(@Disposes TlsSecretFiles files) {
        files.close();
    }

    @Produces
    @Singleton
    DrainerObserver observer(OperatorConfig config, KubernetesClient client, PdProbe pd, CheckpointReader checkpoint,
                              TlsSecretFiles tls) {
        return new DrainerObserver(config, client, pd, checkpoint, tls);
    }

    @Produces
    @Singleton
    ResourceApplier applier(KubernetesClient client, OperatorConfig config) {
        return new ResourceApplier(client, config.serverSideApply());
    }

    @Produces
    @Singleton
    RecoveryActions recoveryActions(KubernetesClient client) {
        return new RecoveryActions(client);
    }

    @Produces
    @Singleton
    EventRecorder events(KubernetesClient client) {
        return new EventRecorder(client);
    }

    @Produces
    @Singleton
    DrainerMetrics metrics(MeterRegistry registry) {
        return new DrainerMetrics(registry);
    }

    @Produces
    @Singleton
    DrainerCleanup cleanup(KubernetesClient client, NodeOffliner offliner, EventRecorder events,
                           OperatorConfig config, TlsSecretFiles tls) {
        return new DrainerCleanup(client, new DrainerHttpApi(config.requestTimeout()), offliner, events, config, tls);
    }
}
