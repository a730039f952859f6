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
    Deleting
}
