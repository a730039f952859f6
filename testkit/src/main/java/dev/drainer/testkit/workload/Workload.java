package dev.drainer.testkit.workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generated workload: an ordered list of transactions with strictly increasing commit ts that
 * starts with the CREATE TABLEs of its tables. Expected states come from {@link #oracle()}.
 */
public final class Workload {
    private final WorkloadSpec spec;
    private final List<Transaction> transactions;
    private Oracle oracle;

    Workload(WorkloadSpec spec, List<Transaction> transactions) {
        this.spec = spec;
        this.transactions = List.copyOf(transactions);
        for (int i = 1; i < this.transactions.size(); i++) {
            if (this.transactions.get(i).commitTs() <= this.transactions.get(i - 1).commitTs()) {
                throw new IllegalStateException("commit ts not strictly increasing at transaction " + i);
            }
        }
    }

    /**
     * A hand-written workload (e.g. one precise scenario), checked by replaying it through the model:
     * throws IllegalStateException if a change breaks a constraint or an old image is not the current row.
     */
    public static Workload of(WorkloadSpec spec, List<Transaction> transactions) {
        Workload w = new Workload(spec, transactions);
        ModelState model = new ModelState(spec.schema(), false);
        transactions.forEach(model::apply);
        return w;
    }

    /** Same as {@link WorkloadGenerator#generate(WorkloadSpec)}. */
    public static Workload generate(WorkloadSpec spec) {
        return WorkloadGenerator.generate(spec);
    }

    public WorkloadSpec spec() {
        return spec;
    }

    public String schema() {
        return spec.schema();
    }

    public List<Transaction> transactions() {
        return transactions;
    }

    /** The commit ts of every transaction, in order. */
    public List<Long> commitTs() {
        return transactions.stream().map(Transaction::commitTs).toList();
    }

    public long firstCommitTs() {
        return transactions.get(0).commitTs();
    }

    public long lastCommitTs() {
        return transactions.get(transactions.size() - 1).commitTs();
    }

    /** The transactions with commit ts &lt;= {@code ts}. */
    public List<Transaction> upTo(long ts) {
        return transactions.stream().filter(t -> t.commitTs() <= ts).toList();
    }

    /** The transactions with commit ts &gt; {@code ts}. */
    public List<Transaction> after(long ts) {
        return transactions.stream().filter(t -> t.commitTs() > ts).toList();
    }

    /**
     * Every table name the workload ever uses, each with every column it ever had under that name
     * (in order of appearance) and its last keys: what a downstream reader needs to read any state of
     * the workload. A name taken again after DROP TABLE keeps its shape, so its columns still fit.
     */
    public List<TableDef> finalTables() {
        Map<String, TableDef> defs = new LinkedHashMap<>();
        for (Transaction t : transactions) {
            if (t.isDdl()) {
                defs.merge(t.ddl().tableNameAfter(), t.ddl().tableAfter(), Workload::widened);
            }
        }
        return new ArrayList<>(defs.values());
    }

    /** {@code later} with the columns {@code earlier} had and {@code later} lacks put back first. */
    private static TableDef widened(TableDef earlier, TableDef later) {
        List<ColumnDef> cols = new ArrayList<>(earlier.columns());
        for (ColumnDef c : later.columns()) {
            if (earlier.columnIndex(c.name()) < 0) {
                cols.add(c);
            }
        }
        return new TableDef(later.schema(), later.name(), cols, later.primaryKey(), later.uniqueKeys(), later.indexes());
    }

    /** The oracle of this workload (built on first use: one replay of the model). */
    public synchronized Oracle oracle() {
        if (oracle == null) {
            oracle = new Oracle(this);
        }
        return oracle;
    }

    /** Every table's full contents after all transactions with commit ts &lt;= {@code ts}. */
    public DatabaseState expectedAt(long ts) {
        return oracle().expectedAt(ts);
    }
}
