package dev.drainer.pd.registry;

import dev.drainer.pd.EtcdKv;
import dev.drainer.pd.KvEntry;
import dev.drainer.pd.PdException;
import dev.drainer.pd.RevisionCompare;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The TiDB Binlog node registry in PD's etcd: pump and drainer records under {@code /tidb-binlog/v1},
 * read and written as the Go tools do (tidb-binlog pkg/node/registry.go, pkg/etcd/etcd.go).
 */
public final class Registry {
    /** Root of every registry key. */
    public static final String ROOT = "/tidb-binlog/v1";
    private static final String DRAINERS = ROOT + "/drainers/";
    private static final String PUMPS = ROOT + "/pumps/";
    // A heartbeat landing between our read and write makes the write miss; retrying a few times
    // converges unless something rewrites the record continuously.
    private static final int MARK_OFFLINE_ATTEMPTS = 3;

    private final EtcdKv kv;

    public Registry(EtcdKv kv) {
        this.kv = kv;
    }

    /** The etcd key of drainer {@code nodeId}. */
    public static String drainerKey(String nodeId) {
        return DRAINERS + checkNodeId(nodeId);
    }

    /** Drainer {@code nodeId}'s record; empty when absent (or the JSON literal null, which Go skips too). */
    public Optional<NodeStatus> drainer(String nodeId) throws PdException {
        String key = drainerKey(nodeId);
        Optional<KvEntry> e = kv.get(key);
        return e.isPresent() ? status(e.get()) : Optional.empty();
    }

    /** Every drainer record, in key order. */
    public List<NodeStatus> drainers() throws PdException {
        return list(DRAINERS);
    }

    /** Every pump record, in key order. */
    public List<NodeStatus> pumps() throws PdException {
        return list(PUMPS);
    }

    /**
     * Writes {@code status} under its drainer key by the Go protocol: read the key; absent → put if its
     * mod revision is 0 (else "already exists"); present → put if its mod revision is above 0 (else
     * "not found"). No lease: liveness is not expressed by key expiry.
     */
    public void update(NodeStatus status) throws PdException {
        String key = drainerKey(status.nodeId());
        byte[] value = NodeStatusJson.encode(status).getBytes(StandardCharsets.UTF_8);
        if (kv.get(key).isEmpty()) {
            if (!kv.putIf(key, value, RevisionCompare.EQUAL, 0)) {
                throw new PdException("registry key " + key + " already exists in etcd: created by another writer meanwhile");
            }
        } else if (!kv.putIf(key, value, RevisionCompare.GREATER, 0)) {
            throw new PdException("registry key " + key + " not found in etcd: deleted meanwhile");
        }
    }

    /**
     * Sets drainer {@code nodeId}'s state to {@code offline}, keeping every other field. The write
     * applies only if the record is unchanged since it was read, so a concurrent heartbeat's newer
     * {@code maxCommitTS} is never overwritten with an older one; the read is retried then. A drainer
     * that is still running rewrites its own state on its next heartbeat: mark only stopped drainers.
     */
    public MarkOfflineResult markOffline(String nodeId) throws PdException {
        String key = drainerKey(nodeId);
        for (int attempt = 1; attempt <= MARK_OFFLINE_ATTEMPTS; attempt++) {
            Optional<KvEntry> e = kv.get(key);
            Optional<NodeStatus> current = e.isPresent() ? status(e.get()) : Optional.empty();
            if (current.isEmpty()) {
                return MarkOfflineResult.NOT_REGISTERED;
            }
            if (current.get().state() == NodeState.OFFLINE) {
                return MarkOfflineResult.ALREADY_OFFLINE;
            }
            byte[] value = NodeStatusJson.encode(current.get().withState(NodeState.OFFLINE)).getBytes(StandardCharsets.UTF_8);
            if (kv.putIf(key, value, RevisionCompare.EQUAL, e.get().modRevision())) {
                return MarkOfflineResult.MARKED;
            }
        }
        throw new PdException("registry key " + key + " changed during each of " + MARK_OFFLINE_ATTEMPTS
                + " attempts to mark it offline; is that drainer still running?");
    }

    /** Direct children of {@code dir} only: the Go tools read a deeper key as a directory, not a node. */
    private List<NodeStatus> list(String dir) throws PdException {
        List<NodeStatus> out = new ArrayList<>();
        for (KvEntry e : kv.getPrefix(dir)) {
            String id = e.key().substring(dir.length());
            if (!id.isEmpty() && id.indexOf('/') < 0) {
                status(e).ifPresent(out::add);
            }
        }
        return out;
    }

    private static Optional<NodeStatus> status(KvEntry e) throws RegistryFormatException {
        return NodeStatusJson.decode(e.key(), e.valueText());
    }

    private static String checkNodeId(String nodeId) {
        if (nodeId == null || nodeId.isEmpty() || nodeId.indexOf('/') >= 0) {
            throw new IllegalArgumentException("node id \"" + nodeId + "\" must be non-empty and contain no '/'");
        }
        return nodeId;
    }
}
