package dev.drainer.operator.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/**
 * The raw {@code spec.config} escape hatch: which drainer.toml keys it may set. A key that a typed field or the
 * operator owns is a conflict, reported with both names, rather than one silently winning.
 */
public final class RawConfig {
    /** Key (or section prefix ending in '.') to the field that owns it. */
    private static final Map<String, String> OWNERS = new LinkedHashMap<>();

    static {
        String identity = "the operator (stable pod identity)";
        OWNERS.put("node-id", identity);
        OWNERS.put("addr", identity);
        OWNERS.put("advertise-addr", identity);
        OWNERS.put("data-dir", "the operator (pod volume layout)");
        OWNERS.put("pd-urls", "spec.pd.endpoints");
        OWNERS.put("security.cert-allowed-cn", "the operator (kubelet's HTTPS probes present no client certificate,"
                + " which a drainer with cert-allowed-cn refuses)");
        OWNERS.put("security.", "spec.pd.tls");
        OWNERS.put("initial-commit-ts", "spec.initialCommitTS");
        OWNERS.put("syncer.db-type", "spec.downstream.type");
        OWNERS.put("syncer.worker-count", "spec.syncer.workerCount");
        OWNERS.put("syncer.txn-batch", "spec.syncer.txnBatch");
        OWNERS.put("syncer.safe-mode", "spec.syncer.safeMode");
        OWNERS.put("syncer.ignore-schemas", "spec.syncer.ignoreSchemas");
        OWNERS.put("syncer.ignore-table", "spec.syncer.ignoreTables");
        OWNERS.put("syncer.replicate-do-db", "spec.syncer.replicateDoDbs");
        OWNERS.put("syncer.replicate-do-table", "spec.syncer.replicateDoTables");
        OWNERS.put("syncer.relay.log-dir", "spec.relayLog.enabled");
        OWNERS.put("syncer.relay.max-file-size", "spec.relayLog.maxFileSize");
        OWNERS.put("syncer.relay.auto-recover", "the operator (only its recovery Job recovers in Kubernetes)");
        OWNERS.put("syncer.to.host", "spec.downstream.host");
        OWNERS.put("syncer.to.port", "spec.downstream.port");
        OWNERS.put("syncer.to.user", "spec.downstream.user");
        OWNERS.put("syncer.to.password", "spec.downstream.passwordSecretRef");
        OWNERS.put("syncer.to.password-file", "spec.downstream.passwordSecretRef");
        OWNERS.put("syncer.to.security.", "spec.downstream.tls");
        OWNERS.put("syncer.to.checkpoint.schema", "spec.checkpoint.schema");
        OWNERS.put("syncer.to.checkpoint.table", "spec.checkpoint.table");
        OWNERS.put("syncer.to.checkpoint.", "spec.checkpoint.database (a separate checkpoint database is not"
                + " supported)");
    }

    private RawConfig() {
    }

    /**
     * One message per conflicting key, e.g. {@code "spec.config key syncer.worker-count conflicts with
     * spec.syncer.workerCount; set it there"}. Syntax errors are left to the strict parser.
     */
    public static List<String> conflicts(String raw) {
        List<String> out = new ArrayList<>();
        if (raw == null || raw.isBlank()) {
            return out;
        }
        TomlParseResult toml = Toml.parse(raw);
        if (toml.hasErrors()) {
            return out;
        }
        Set<String> keys = new TreeSet<>(toml.dottedKeySet());
        for (String key : keys) {
            String owner = ownerOf(key);
            if (owner != null) {
                out.add("spec.config key " + key + " conflicts with " + owner
                        + (owner.startsWith("spec.") && !owner.contains("not supported") ? "; set it there" : "; remove it"));
            }
        }
        return out;
    }

    private static String ownerOf(String key) {
        String exact = OWNERS.get(key);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, String> e : OWNERS.entrySet()) {
            if (e.getKey().endsWith(".") && key.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }
}
