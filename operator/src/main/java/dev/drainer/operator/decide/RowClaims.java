package dev.drainer.operator.decide;

import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerSpec;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One Drainer per checkpoint row: two Drainers writing the same downstream host:port, checkpoint schema.table
 * and upstream cluster would overwrite each other's checkpoint. The older Drainer keeps the row.
 */
public final class RowClaims {
    /** The name of the Drainer cache's index by {@link #tableKey}. */
    public static final String TABLE_INDEX = "checkpoint-table";

    private static final Comparator<Drainer> AGE = Comparator
            .comparing((Drainer d) -> d.getMetadata().getCreationTimestamp() == null ? ""
                    : d.getMetadata().getCreationTimestamp())
            .thenComparing(d -> d.getMetadata().getNamespace() + "/" + d.getMetadata().getName());

    private RowClaims() {
    }

    /** A message naming the Drainer that holds this one's row, when there is one. */
    static Optional<String> conflict(Drainer self, List<Drainer> others) {
        for (Drainer other : others.stream().sorted(AGE).toList()) {
            if (isSelf(self, other) || other.getMetadata().getDeletionTimestamp() != null
                    || AGE.compare(other, self) > 0 || !sameRow(self, other)) {
                continue;
            }
            DrainerSpec s = self.getSpec();
            return Optional.of("the checkpoint row " + s.downstream.host + ":" + s.downstream.port + " "
                    + s.checkpoint.schema + "." + s.checkpoint.table + " of cluster " + cluster(self)
                    + " is already used by Drainer " + other.getMetadata().getNamespace() + "/"
                    + other.getMetadata().getName() + "; one Drainer per checkpoint row");
        }
        return Optional.empty();
    }

    /**
     * The checkpoint table a Drainer's spec names, {@code host:port/schema.table} as {@link #sameRow} compares them,
     * or empty when the spec names none. Drainers on one row share this key, so a reconcile looks up the Drainers of
     * its key in the cache's index instead of sorting every Drainer the operator sees (a cost that grew with their
     * number in every reconcile).
     */
    public static Optional<String> tableKey(Drainer d) {
        DrainerSpec s = d.getSpec();
        if (s == null || s.downstream == null || s.checkpoint == null) {
            return Optional.empty();
        }
        // Identifiers are [A-Za-z0-9_$] and the port is a number, so the separators cannot be ambiguous.
        return Optional.of(lower(s.downstream.host) + ":" + s.downstream.port + "/" + s.checkpoint.schema + "."
                + s.checkpoint.table);
    }

    private static boolean isSelf(Drainer self, Drainer other) {
        return self.getMetadata().getName().equals(other.getMetadata().getName())
                && self.getMetadata().getNamespace().equals(other.getMetadata().getNamespace());
    }

    static boolean sameRow(Drainer a, Drainer b) {
        DrainerSpec x = a.getSpec();
        DrainerSpec y = b.getSpec();
        if (x == null || y == null || x.downstream == null || y.downstream == null || x.pd == null || y.pd == null) {
            return false;
        }
        Optional<String> table = tableKey(a);
        if (table.isEmpty() || !table.equals(tableKey(b))) {
            return false;
        }
        String ca = clusterId(a);
        String cb = clusterId(b);
        if (ca != null && cb != null) {
            return ca.equals(cb);
        }
        // Until both cluster ids are known, the same cluster is recognised by a shared PD endpoint.
        Set<String> shared = new HashSet<>(x.pd.endpoints.stream().map(RowClaims::lower).toList());
        shared.retainAll(y.pd.endpoints.stream().map(RowClaims::lower).toList());
        return !shared.isEmpty();
    }

    private static String clusterId(Drainer d) {
        return d.getStatus() == null ? null : d.getStatus().clusterID;
    }

    private static String cluster(Drainer d) {
        String id = clusterId(d);
        return id != null ? id : "at " + String.join(",", d.getSpec().pd.endpoints);
    }

    private static String lower(String s) {
        return s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
    }
}
