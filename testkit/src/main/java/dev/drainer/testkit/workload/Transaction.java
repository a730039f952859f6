package dev.drainer.testkit.workload;

import java.util.List;

/**
 * One upstream transaction: either a DDL or a list of row changes, committed at {@code commitTs}.
 *
 * @param commitTs TSO commit timestamp (physical milliseconds &lt;&lt; 18 | logical)
 * @param ddl the DDL, or null for a DML transaction
 * @param changes the row changes in statement order (empty for a DDL)
 */
public record Transaction(long commitTs, Ddl ddl, List<RowChange> changes) {

    public Transaction {
        changes = List.copyOf(changes);
        if ((ddl == null) == changes.isEmpty()) {
            throw new IllegalArgumentException("a transaction is either one DDL or at least one row change");
        }
    }

    public static Transaction ddl(long commitTs, Ddl ddl) {
        return new Transaction(commitTs, ddl, List.of());
    }

    public static Transaction dml(long commitTs, List<RowChange> changes) {
        return new Transaction(commitTs, null, changes);
    }

    public boolean isDdl() {
        return ddl != null;
    }
}
