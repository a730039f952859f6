package dev.drainer.operator.control;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.operator.Fixtures;
import dev.drainer.operator.api.Drainer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DRAINER_WATCH_NAMESPACES (the Helm chart's watchNamespaces) limits the operator to the namespaces it lists. */
@QuarkusTest
@TestProfile(WatchedNamespacesTest.TwoNamespaces.class)
@WithKubernetesTestServer(crud = true)
class WatchedNamespacesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** The operator watches team-a and team-b only, as the chart configures it for a list. */
    public static class TwoNamespaces implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("DRAINER_WATCH_NAMESPACES", "team-a,team-b");
        }
    }

    @Inject
    KubernetesClient client;

    private Drainer create(String namespace, String name) {
        return client.resource(Fixtures.toCreate(namespace, name)).create();
    }

    private Drainer get(String namespace, String name) {
        return client.resources(Drainer.class).inNamespace(namespace).withName(name).get();
    }

    @Test
    void onlyDrainersInTheListedNamespacesAreReconciled() {
        create("other", "ignored");
        create("team-a", "a");
        create("team-b", "b");
        await().atMost(WAIT).until(() -> get("team-a", "a").getStatus() != null
                && get("team-a", "a").getStatus().phase != null
                && get("team-b", "b").getStatus() != null && get("team-b", "b").getStatus().phase != null);
        // Both watched Drainers were reconciled; give the unwatched one a few more resync intervals.
        await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).until(() -> true);
        Drainer ignored = get("other", "ignored");
        assertTrue(ignored.getStatus() == null || ignored.getStatus().phase == null, "status written outside the"
                + " watched namespaces: " + ignored.getStatus());
        assertTrue(ignored.getMetadata().getFinalizers() == null || ignored.getMetadata().getFinalizers().isEmpty(),
                "finalizer added outside the watched namespaces: " + ignored.getMetadata().getFinalizers());
    }
}
