package dev.drainer.operator.api;

/** The lifecycle phase shown in {@code kubectl get drn}. */
public enum Phase {
    /** Objects created, the drainer pod is not ready yet. */
    Pending,
    /** The pod is ready and the checkpoint advances. */
    Running,
    /** The pod is ready but the checkpoint has not advanced within the stall threshold. */
    Stalled,
    /** state: stopped; no pod. */
    Stopped,
    /** The spec is invalid and no earlier valid spec exists, so nothing was created. */
    Invalid,
    /** Deletion in progress: marking the node offline, then honouring the relay claim's retain policy. */
    Deleting,
    /** Recovery step 1, recorded before acting: the StatefulSet is scaled to zero, waiting for the pod to go. */
    Fencing,
    /** The fenced pod is still present after fenceTimeout; an event says what to do. */
    RecoveryBlocked,
    /** A recovery Job replays the relay log (or waits out its backoff before the next attempt). */
    Recovering,
    /** The downstream is consistent at status.recovery.toCommitTS; held stopped until PD answers (see afterRecovery). */
    Recovered,
    /** Recovery failed for good or ran out of attempts; held stopped until the nonce changes or a stop/start. */
    RecoveryFailed,
    /** Fenced, and there was nothing to recover: consistent at the checkpoint (or no row); held stopped. */
    PDUnreachable;

    /** A recovery is under way: the pod is held at zero and the steps run. */
    public boolean recoveryActive() {
        return this == Fencing || this == RecoveryBlocked || this == Recovering;
    }

    /** A recovery ended and holds the pod at zero until released. */
    public boolean recoveryHolding() {
        return this == Recovered || this == RecoveryFailed || this == PDUnreachable;
    }
}
