package dev.drainer.operator.control;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.arc.Unremovable;
import jakarta.inject.Singleton;

/**
 * One active operator replica at a time, through a Lease in the operator's namespace. QOSDK applies it in the
 * profiles of {@code quarkus.operator-sdk.activate-leader-election-for-profiles} (prod).
 */
@Singleton
@Unremovable
public class LeaderElection extends LeaderElectionConfiguration {
    public LeaderElection() {
        super("drainer-operator-leader");
    }
}
