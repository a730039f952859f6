package dev.drainer.runtime.loader;

import java.util.List;

/**
 * One upstream transaction: either row changes or a single DDL.
 *
 * @param commitTs the upstream commit ts
 * @param tag      the caller's handle for this transaction, returned on success (e.g. its relay position)
 */
public record Txn(long commitTs, List<Dml> dmls, Ddl ddl, Object tag) {
    public Txn {
        dmls = List.copyOf(dmls);
        if (ddl != null && !dmls.isEmpty()) {
            throw new IllegalArgumentException("a transaction holds row changes or a DDL, not both (commit ts " + commitTs + ")");
        }
    }

    public static Txn ofDml(long commitTs, List<Dml> dmls, Object tag) {
        return new Txn(commitTs, dmls, null, tag);
    }

    public static Txn ofDdl(long commitTs, Ddl ddl, Object tag) {
        return new Txn(commitTs, List.of(), ddl, tag);
    }

    /** This transaction with {@code newTag}. */
    public Txn withTag(Object newTag) {
        return new Txn(commitTs, dmls, ddl, newTag);
    }

    public boolean isDdl() {
        return ddl != null;
    }
}
