package dev.drainer.operator.control;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.rbac.ApiRequestLog;
import dev.drainer.operator.rbac.RbacRulesFile;
import dev.drainer.operator.rbac.RbacTriple;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two operator replicas on one API server with the operator's {@link LeaderElection} Lease, granted exactly the
 * Lease verbs of the chart's rules file: JOSDK's start-up check of those rights passes, only the Lease holder
 * reconciles, the standby takes over once the holder is gone, and neither sends a Lease request the chart does not
 * grant. JOSDK's exit on losing the Lease would end the test JVM, so the replicas here only log it; production keeps
 * the exit, which is what stops a replica that lost the Lease from acting (checked below). The reconciler is a
 * counter: what is under test is the election around it.
 */
@EnableKubernetesMockClient(https = false, crud = true)
class LeaderElectionTest {
    private static final String NS = "operators";
    private static final String LEASES = "coordination.k8s.io";
    private static final Duration LEASE = Duration.ofSeconds(2);

    static KubernetesMockServer server;
    static KubernetesClient client;

    /** Counts the Drainers each replica reconciled; JOSDK starts a replica's event processing when it leads. */
    private static final class Counting implements Reconciler<Drainer> {
        final AtomicInteger reconciled = new AtomicInteger();

        @Override
        public UpdateControl<Drainer> reconcile(Drainer d, Context<Drainer> context) {
            reconciled.incrementAndGet();
            return UpdateControl.noUpdate();
        }
    }

    @Test
    void onlyTheLeaseHolderReconcilesAndTheStandbyTakesOverWithTheChartsLeaseRights() throws Exception {
        SortedSet<RbacTriple> granted = leaseRules();
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().withIncomplete(false)
                        .withResourceRules(new ResourceRuleBuilder().withApiGroups(LEASES).withResources("leases")
                                .withVerbs(granted.stream().map(RbacTriple::verb).toList()).build())
                        .endStatus().build())
                .always();
        String leaseName = new LeaderElection().getLeaseName();
        Map<String, Counting> reconcilers = new ConcurrentHashMap<>();
        try (ApiRequestLog requests = ApiRequestLog.start(server);
             KubernetesClient harness = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                     .withUserAgent(ApiRequestLog.HARNESS_AGENT).build()).build()) {
            Operator a = replica("a", leaseName, reconcilers);
            boolean aRunning = true;
            Operator b = null;
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> "a".equals(holder(harness, leaseName)));
                b = replica("b", leaseName, reconcilers);
                harness.resource(drainer()).create();
                await().atMost(Duration.ofSeconds(10)).until(() -> reconcilers.get("a").reconciled.get() > 0);
                // The standby retries the Lease every retry period; a few of them, and it still has not reconciled.
                Thread.sleep(LEASE.multipliedBy(2).toMillis());
                assertEquals(0, reconcilers.get("b").reconciled.get(), "the standby reconciled while a held the Lease");
                assertEquals("a", holder(harness, leaseName));

                a.stop();
                aRunning = false;
                await().atMost(LEASE.multipliedBy(5)).until(() -> "b".equals(holder(harness, leaseName)));
                await().atMost(Duration.ofSeconds(10)).until(() -> reconcilers.get("b").reconciled.get() > 0);
            } finally {
                if (aRunning) {
                    a.stop();
                }
                if (b != null) {
                    b.stop();
                }
            }
            SortedSet<String> nonResource = new TreeSet<>();
            SortedSet<RbacTriple> sent = requests.operatorTriples(nonResource).stream()
                    .filter(t -> t.apiGroup().equals(LEASES)).collect(Collectors.toCollection(TreeSet::new));
            // fabric8's LeaseLock renews with a PATCH: without that verb the leader lost the Lease after its renew
            // deadline, exited, and came back unable to take the Lease it still held.
            assertTrue(!sent.isEmpty() && granted.containsAll(sent), "Lease requests beyond the chart's rules " + granted
                    + ": " + sent);
        }
    }

    @Test
    void theProductionReplicaExitsWhenItLosesTheLease() {
        // Without the exit, JOSDK only logs the loss and the replica's controllers go on reconciling next to the new leader.
        assertTrue(new LeaderElection().isExitOnStopLeading());
    }

    /** The chart's Lease rule: what the operator's service account may do with Leases. */
    private static SortedSet<RbacTriple> leaseRules() throws Exception {
        Path file = RbacRulesFile.committed();
        SortedSet<RbacTriple> leases = RbacRulesFile.read(file).stream().filter(t -> t.apiGroup().equals(LEASES))
                .collect(Collectors.toCollection(TreeSet::new));
        assertFalse(leases.isEmpty(), file + " grants nothing on Leases");
        return leases;
    }

    private static Operator replica(String identity, String leaseName, Map<String, Counting> reconcilers) {
        LeaderElectionConfiguration election = new LeaderElectionConfiguration(leaseName, NS, LEASE,
                LEASE.multipliedBy(3).dividedBy(4), Duration.ofMillis(200), identity, null, false);
        Operator operator = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false)
                .withLeaderElectionConfiguration(election).withUseSSAToPatchPrimaryResource(false));
        Counting reconciler = new Counting();
        reconcilers.put(identity, reconciler);
        operator.register(reconciler, c -> c.settingNamespaces(NS));
        operator.start();
        return operator;
    }

    private static String holder(KubernetesClient harness, String leaseName) {
        Lease lease = harness.leases().inNamespace(NS).withName(leaseName).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static Drainer drainer() {
        Drainer d = new Drainer();
        d.getMetadata().setName("d1");
        d.getMetadata().setNamespace(NS);
        return d;
    }
}
