package dev.drainer.operator.control;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A profile of its own, so that the recovery tests get a fresh operator and mock API server: the request log then
 * holds every request of this operator from its start (informers included) and none of another test's.
 */
public class RecoveryProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        // Each recovery step is one reconcile; a short resync keeps a scenario to seconds on a loaded machine.
        return Map.of("drainer.operator.resync-interval", "500ms", "drainer.operator.pd-probe-timeout", "1s");
    }
}
