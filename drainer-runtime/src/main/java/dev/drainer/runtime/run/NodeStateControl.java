package dev.drainer.runtime.run;

import dev.drainer.pd.registry.NodeState;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This drainer's registry state and binlogctl's {@code PUT /state/{nodeID}/{pause|close}} (spec §9.2):
 * online until an action moves it to pausing or closing and asks the run to stop; the record's final
 * state is paused, or offline after a close (Go's {@code commitStatus}).
 */
final class NodeStateControl {
    private static final System.Logger LOG = System.getLogger(NodeStateControl.class.getName());
    /** Go's {@code util.Response} codes: success, and every other error. */
    static final int CODE_OK = 200;
    static final int CODE_ERROR = 3;

    /** One answer of the action endpoint, Go's {@code util.Response} without data. */
    record Answer(int code, String message) {
    }

    private final String nodeId;
    private final Runnable stop;
    private final AtomicReference<NodeState> state = new AtomicReference<>(NodeState.ONLINE);

    /** @param stop asks the run to stop; must return at once */
    NodeStateControl(String nodeId, Runnable stop) {
        this.nodeId = nodeId;
        this.stop = stop;
    }

    /** Go's {@code ApplyAction}, texts included (they say "pump" there too). */
    Answer apply(String requestedNodeId, String action) {
        LOG.log(System.Logger.Level.INFO, "receive apply action request nodeID={0} action={1}", requestedNodeId, action);
        if (!requestedNodeId.equals(nodeId)) {
            return error(String.format("invalid nodeID %s, this pump's nodeID is %s", requestedNodeId, nodeId));
        }
        NodeState now = state.get();
        if (now != NodeState.ONLINE) {
            return error(String.format("this pump's state is %s, apply %s failed!", now.wireName(), action));
        }
        NodeState next = switch (action) {
            case "pause" -> NodeState.PAUSING;
            case "close" -> NodeState.CLOSING;
            default -> null;
        };
        if (next == null) {
            return error("invalid action " + action);
        }
        if (!state.compareAndSet(NodeState.ONLINE, next)) {
            return error(String.format("this pump's state is %s, apply %s failed!", state.get().wireName(), action));
        }
        stop.run();
        return new Answer(CODE_OK, "apply action " + action + " success!");
    }

    private static Answer error(String message) {
        LOG.log(System.Logger.Level.WARNING, "apply action refused message=\"{0}\"", message);
        return new Answer(CODE_ERROR, message);
    }

    /** What the heartbeat writes while running. */
    NodeState current() {
        return state.get();
    }

    /** What the record says after the stop: offline after a close, paused otherwise. */
    NodeState finalState() {
        return state.get() == NodeState.CLOSING ? NodeState.OFFLINE : NodeState.PAUSED;
    }
}
