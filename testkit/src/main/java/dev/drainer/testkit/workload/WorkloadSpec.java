package dev.drainer.testkit.workload;

import java.util.EnumSet;
import java.util.Set;

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
 * @param ddlKinds the kinds mid-stream DDLs are drawn from: always {@link #BASE_DDL_KINDS}, plus any opt-in ones
 */
public record WorkloadSpec(long seed, String schema, int tables, int transactions, int maxChangesPerTransaction,
                           double ddlRatio, double updateRatio, double deleteRatio, long firstCommitTs,
                           Set<Ddl.Kind> ddlKinds) {

    /** A realistic TSO (mid-2022) to start from. */
    public static final long DEFAULT_FIRST_COMMIT_TS = 434_000_000_000_000_000L;

    /**
     * The kinds every workload draws from (create table, add column, truncate). Workloads of these
     * alone are the ones the crash suite, the demo and the bench were built on; they stay the same for a seed.
     */
    public static final Set<Ddl.Kind> BASE_DDL_KINDS =
            Set.copyOf(EnumSet.of(Ddl.Kind.CREATE_TABLE, Ddl.Kind.ADD_COLUMN, Ddl.Kind.TRUNCATE_TABLE));

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
        ddlKinds = Set.copyOf(ddlKinds);
        if (!ddlKinds.containsAll(BASE_DDL_KINDS)) {
            // They are what a DDL falls back to when the kind drawn does not fit the table at hand.
            throw new IllegalArgumentException("ddlKinds " + ddlKinds + " must include " + BASE_DDL_KINDS);
        }
    }

    /** A spec with the base DDL kinds only. */
    public WorkloadSpec(long seed, String schema, int tables, int transactions, int maxChangesPerTransaction,
                        double ddlRatio, double updateRatio, double deleteRatio, long firstCommitTs) {
        this(seed, schema, tables, transactions, maxChangesPerTransaction, ddlRatio, updateRatio, deleteRatio,
                firstCommitTs, BASE_DDL_KINDS);
    }

    /** Four tables (one of each shape), 200 transactions of up to 8 changes, 3% DDL, 35% updates, 15% deletes. */
    public static WorkloadSpec defaults(long seed, String schema) {
        return new WorkloadSpec(seed, schema, 4, 200, 8, 0.03, 0.35, 0.15, DEFAULT_FIRST_COMMIT_TS);
    }

    public WorkloadSpec withTables(int n) {
        return new WorkloadSpec(seed, schema, n, transactions, maxChangesPerTransaction, ddlRatio, updateRatio,
                deleteRatio, firstCommitTs, ddlKinds);
    }

    public WorkloadSpec withTransactions(int n) {
        return new WorkloadSpec(seed, schema, tables, n, maxChangesPerTransaction, ddlRatio, updateRatio,
                deleteRatio, firstCommitTs, ddlKinds);
    }

    public WorkloadSpec withMaxChangesPerTransaction(int n) {
        return new WorkloadSpec(seed, schema, tables, transactions, n, ddlRatio, updateRatio, deleteRatio,
                firstCommitTs, ddlKinds);
    }

    public WorkloadSpec withDdlRatio(double r) {
        return new WorkloadSpec(seed, schema, tables, transactions, maxChangesPerTransaction, r, updateRatio,
                deleteRatio, firstCommitTs, ddlKinds);
    }

    public WorkloadSpec withRatios(double update, double delete) {
        return new WorkloadSpec(seed, schema, tables, transactions, maxChangesPerTransaction, ddlRatio, update,
                delete, firstCommitTs, ddlKinds);
    }

    public WorkloadSpec withSchema(String s) {
        return new WorkloadSpec(seed, s, tables, transactions, maxChangesPerTransaction, ddlRatio, updateRatio,
                deleteRatio, firstCommitTs, ddlKinds);
    }

    public WorkloadSpec withFirstCommitTs(long ts) {
        return new WorkloadSpec(seed, schema, tables, transactions, maxChangesPerTransaction, ddlRatio, updateRatio,
                deleteRatio, ts, ddlKinds);
    }

    /** This spec drawing mid-stream DDLs from {@code kinds} (which must include {@link #BASE_DDL_KINDS}). */
    public WorkloadSpec withDdlKinds(Set<Ddl.Kind> kinds) {
        return new WorkloadSpec(seed, schema, tables, transactions, maxChangesPerTransaction, ddlRatio, updateRatio,
                deleteRatio, firstCommitTs, kinds);
    }

    /** This spec with every DDL kind: drop column, add index, rename and drop table (and re-create) too. */
    public WorkloadSpec withAllDdlKinds() {
        return withDdlKinds(EnumSet.allOf(Ddl.Kind.class));
    }
}
