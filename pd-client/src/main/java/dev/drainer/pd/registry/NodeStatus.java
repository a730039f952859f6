package dev.drainer.pd.registry;

import java.util.Map;
import java.util.Objects;

/**
 * One registry record (tidb-binlog {@code node.Status}), field for field in Go struct order.
 *
 * @param nodeId      the node id, also the last segment of its key
 * @param host        {@code host:port} peers dial (the advertise address, no scheme)
 * @param state       the node's state
 * @param isAlive     not maintained by the drainer (always false there)
 * @param score       0 for drainers
 * @param label       pump labels, or null for none (JSON {@code "label":null}, what drainers write)
 * @param maxCommitTs drainer: checkpoint commit ts; pump: its max commit ts
 * @param updateTs    approximate TSO of the last write
 */
public record NodeStatus(String nodeId, String host, NodeState state, boolean isAlive, long score,
                         Map<String, String> label, long maxCommitTs, long updateTs) {
    public NodeStatus {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(state, "state");
        label = label == null ? null : Map.copyOf(label);
    }

    /** A drainer's record as the Go drainer writes it: not alive, score 0, no label. */
    public static NodeStatus drainer(String nodeId, String host, NodeState state, long maxCommitTs, long updateTs) {
        return new NodeStatus(nodeId, host, state, false, 0, null, maxCommitTs, updateTs);
    }

    /** This record with another state. */
    public NodeStatus withState(NodeState newState) {
        return new NodeStatus(nodeId, host, newState, isAlive, score, label, maxCommitTs, updateTs);
    }
}
