package dev.drainer.testkit.workload;

/**
 * What to generate; the same spec always yields the same workload.
 *
 * @param seed random seed
 * @param schema database name the tables live in
 * @param tables number of tables created at the start (each of the four shapes in turn)
 * @param transactions number of transactions after the initial CREATE TABLEs
 * @param maxChangesPerTransaction upper bound of row changes in one DML transaction (at least 1)
 * @param ddlRatio probability that a transaction after the start is a DDL
 * @param updateRatio probability that a row change is an update (of an existing row)
 * @param deleteRatio probability that a row change is a delete; the rest are inserts
 * @param firstCommitTs commit ts of the first transaction (a TSO: physical ms &lt;&lt; 18 | logical)
 */
public record WorkloadSpec(long seed, String schema, int tables, int transactions, int maxChangesPerTransaction,
                           double ddlRatio, double updateRatio, double deleteRatio, long firstCommitTs) {

    /** A realistic TSO (mid-2022) to start from. */
    public static final long DEFAULT_FIRST_COMMIT_TS = 434_000_000_000_000_000L;

    public WorkloadSpec {
        if (schema == null || schema.isBlank()) {
            throw new IllegalArgumentException("schema");
        }
        if (tables < 1 || transactions < 0 || maxChangesPerTransaction < 1) {
            throw new IllegalArgumentException("need tables >= 1, transactions >= 0, maxChangesPerTransaction >= 1");
        }
        if (ddlRatio < 0 || updateRatio < 0 || deleteRatio < 0 || ddlRatio > 1 || updateRatio + deleteRatio > 1) {
            throw new IllegalArgumentException("ratios out of range");
        }
        if (firstCommitTs <= 0) {
            throw new IllegalArgumentException("firstCommitTs must be positive");
        }
    }

    /** Four tables (one of each shape), 200 transactions of up to 8 changes, 3% DDL, 35% updates, 15% deletes. */
    public static WorkloadSpec defaults(long seed, String schema) {
        return new WorkloadSpec(seed, schema, 4, 200, 8, 0.03, 0.35, 0.15, DEFAULT_FIRST_COMMIT_TS);
    }

    public WorkloadSpec withTables(int n) {
        return new WorkloadSpec(seed, schema, n, transactions, maxChangesPerTransaction, ddlRatio, updateRatio,
                deleteRatio, firstCommitTs);
    }

    public WorkloadSpec withTransactions(int n) {
        return new WorkloadSpec(seed, schema, tables, n, maxChangesPerTransaction, ddlRatio, updateRatio,
                deleteRatio, firstCommitTs);
    }

    public WorkloadSpec withMaxChangesPerTransaction(int n) {
        return new WorkloadSpec(seed, schema, tables, transactions, n, ddlRatio, updateRatio, deleteRatio,
                firstCommitTs);
    }

    public WorkloadSpec withDdlRatio(double r) {
        return new WorkloadSpec(seed, schema, tables, transactions, maxChangesPerTransaction, r, updateRatio,
                deleteRatio, firstCommitTs);
    }

    public WorkloadSpec withRatios(double update, double delete) {
        return new WorkloadSpec(seed, schema, tables, transactions, maxChangesPerTransaction, ddlRatio, update,
                delete, firstCommitTs);
    }

    public WorkloadSpec withSchema(String s) {
        return new WorkloadSpec(seed, s, tables, transactions, maxChangesPerTransaction, ddlRatio, updateRatio,
                deleteRatio, firstCommitTs);
    }

    public WorkloadSpec withFirstCommitTs(long ts) {
        return new WorkloadSpec(seed, schema, tables, transactions, maxChangesPerTransaction, ddlRatio, updateRatio,
                deleteRatio, ts);
    }
}
