package dev.drainer.testkit.workload;

import dev.drainer.testkit.workload.ModelState.ModelTable;
import dev.drainer.testkit.workload.TableShapes.Shape;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Generates a {@link Workload} from a {@link WorkloadSpec}, deterministically for a seed.
 *
 * <p>Every change is checked against (and applied to) a {@link ModelState} as it is generated, so
 * only changes that keep every unique key unique after each single statement are emitted.
 */
public final class WorkloadGenerator {
    private static final int MAX_ADDED_COLUMNS_PER_TABLE = 6;
    private static final int MAX_INDEXES_PER_TABLE = 3;
    /** DROP TABLE leaves at least this many tables, so DML keeps a choice. */
    private static final int MIN_TABLES = 2;
    /**
     * Relative frequency of each mid-stream DDL kind, drawn in enum order: with the base kinds alone
     * this is the original 6 : 10 : 4 split, so base-only workloads stay what they were for a seed.
     */
    private static final Map<Ddl.Kind, Integer> DDL_WEIGHTS = Map.of(Ddl.Kind.CREATE_TABLE, 6, Ddl.Kind.ADD_COLUMN, 10,
            Ddl.Kind.TRUNCATE_TABLE, 4, Ddl.Kind.DROP_COLUMN, 3, Ddl.Kind.ADD_INDEX, 3, Ddl.Kind.RENAME_TABLE, 2,
            Ddl.Kind.DROP_TABLE, 2);
    /** Column types an added index may cover (no prefix length needed, and the same in TiDB and MariaDB). */
    private static final Set<ColumnType> INDEXABLE = EnumSet.of(ColumnType.TINYINT, ColumnType.SMALLINT,
            ColumnType.MEDIUMINT, ColumnType.INT, ColumnType.BIGINT, ColumnType.DECIMAL, ColumnType.DATE,
            ColumnType.DATETIME, ColumnType.TIMESTAMP, ColumnType.TIME, ColumnType.YEAR, ColumnType.CHAR,
            ColumnType.VARCHAR, ColumnType.ENUM);
    private static final int FREED_POOL_LIMIT = 64;
    private static final List<String> COMPOSITE_PREFIXES = List.of("alpha", "beta", "gamma", "delta", "eps");
    private static final List<String> PAIR_PREFIXES = List.of("aa", "bb", "cc", "dd");

    private final WorkloadSpec spec;
    private final Random rnd;
    private final ValueGenerator values;
    private final ModelState model;
    private final List<Transaction> transactions = new ArrayList<>();
    private final Map<String, Shape> shapes = new LinkedHashMap<>();
    private final Map<String, KeyPool> pools = new HashMap<>();
    private final Map<String, Integer> addedColumns = new HashMap<>();
    /** Dropped table names and their shapes: a later CREATE TABLE may take a name again. */
    private final Map<String, Shape> dropped = new LinkedHashMap<>();
    private long physicalMs;
    private int addedColumnSeq;
    private int tablesCreated;
    private int indexSeq;
    private int renameSeq;

    private WorkloadGenerator(WorkloadSpec spec) {
        this.spec = spec;
        this.rnd = new Random(spec.seed());
        this.values = new ValueGenerator(rnd);
        this.model = new ModelState(spec.schema(), false);
    }

    /** The workload a spec describes (same spec, same workload). */
    public static Workload generate(WorkloadSpec spec) {
        return new WorkloadGenerator(spec).run();
    }

    private Workload run() {
        for (int i = 0; i < spec.tables(); i++) {
            createTable(TableShapes.shapeFor(i));
        }
        for (int i = 0; i < spec.transactions(); i++) {
            if (rnd.nextDouble() < spec.ddlRatio()) {
                midStreamDdl();
            } else {
                dml();
            }
        }
        return new Workload(spec, transactions);
    }

    private long nextCommitTs() {
        if (transactions.isEmpty()) {
            physicalMs = spec.firstCommitTs() >>> 18;
            return spec.firstCommitTs();
        }
        // A strictly larger physical part keeps commit ts strictly increasing whatever the logical part.
        physicalMs += 1 + rnd.nextInt(50);
        return (physicalMs << 18) | rnd.nextInt(1000);
    }

    private void emit(Ddl ddl) {
        model.apply(ddl);
        transactions.add(Transaction.ddl(nextCommitTs(), ddl));
    }

    private void createTable(Shape shape) {
        createTable("t" + (++tablesCreated), shape);
    }

    private void createTable(String name, Shape shape) {
        shapes.put(name, shape);
        pools.put(name, new KeyPool());
        emit(Ddl.createTable(TableShapes.table(shape, spec.schema(), name)));
    }

    private void midStreamDdl() {
        Ddl.Kind kind = drawDdlKind();
        if (kind == Ddl.Kind.CREATE_TABLE && shapes.size() < spec.tables() * 2 + 2) {
            if (!dropped.isEmpty() && rnd.nextBoolean()) {
                String name = dropped.keySet().iterator().next();
                createTable(name, dropped.remove(name)); // CREATE after DROP of the same name
            } else {
                createTable(Shape.values()[rnd.nextInt(Shape.values().length)]);
            }
            return;
        }
        ModelTable t = randomTable();
        boolean done = switch (kind) {
            case TRUNCATE_TABLE -> {
                emit(Ddl.truncate(t.def));
                yield true;
            }
            case DROP_COLUMN -> dropColumn(t);
            case ADD_INDEX -> addIndex(t);
            case RENAME_TABLE -> renameTable(t);
            case DROP_TABLE -> dropTable(t);
            case CREATE_TABLE, ADD_COLUMN -> false;
        };
        if (!done) {
            // ADD COLUMN, or whatever was drawn but does not fit now.
            if (addedColumns.getOrDefault(t.def.name(), 0) < MAX_ADDED_COLUMNS_PER_TABLE) {
                addedColumns.merge(t.def.name(), 1, Integer::sum);
                emit(Ddl.addColumn(t.def, TableShapes.addedColumn(addedColumnSeq++, rnd.nextInt(2001) - 1000)));
            } else {
                emit(Ddl.truncate(t.def));
            }
        }
    }

    private Ddl.Kind drawDdlKind() {
        int total = spec.ddlKinds().stream().mapToInt(DDL_WEIGHTS::get).sum();
        int r = rnd.nextInt(total);
        for (Ddl.Kind k : Ddl.Kind.values()) {
            if (spec.ddlKinds().contains(k)) {
                r -= DDL_WEIGHTS.get(k);
                if (r < 0) {
                    return k;
                }
            }
        }
        throw new IllegalStateException("unreachable: weights sum to " + total);
    }

    private boolean dropColumn(ModelTable t) {
        List<ColumnDef> candidates = t.def.columns().stream().filter(c -> !t.def.indexed(c.name())).toList();
        if (candidates.isEmpty()) {
            return false;
        }
        emit(Ddl.dropColumn(t.def, candidates.get(rnd.nextInt(candidates.size())).name()));
        return true;
    }

    private boolean addIndex(ModelTable t) {
        List<String> candidates = t.def.columns().stream().filter(c -> INDEXABLE.contains(c.type()))
                .filter(c -> !t.def.indexed(c.name())).map(ColumnDef::name).toList();
        if (candidates.isEmpty() || t.def.indexes().size() >= MAX_INDEXES_PER_TABLE) {
            return false;
        }
        List<String> cols = new ArrayList<>(List.of(candidates.get(rnd.nextInt(candidates.size()))));
        String second = candidates.get(rnd.nextInt(candidates.size()));
        if (rnd.nextBoolean() && !cols.contains(second)) {
            cols.add(second);
        }
        emit(Ddl.addIndex(t.def, new SecondaryIndex("idx" + (++indexSeq), cols)));
        return true;
    }

    private boolean renameTable(ModelTable t) {
        String from = t.def.name();
        int suffix = from.indexOf("_r");
        String to = (suffix < 0 ? from : from.substring(0, suffix)) + "_r" + (++renameSeq);
        shapes.put(to, shapes.remove(from));
        pools.put(to, pools.remove(from));
        Integer added = addedColumns.remove(from);
        if (added != null) {
            addedColumns.put(to, added);
        }
        emit(Ddl.renameTable(t.def, to));
        return true;
    }

    private boolean dropTable(ModelTable t) {
        if (shapes.size() <= MIN_TABLES) {
            return false;
        }
        String name = t.def.name();
        dropped.put(name, shapes.remove(name));
        pools.remove(name);
        addedColumns.remove(name);
        emit(Ddl.dropTable(t.def));
        return true;
    }

    private ModelTable randomTable() {
        List<String> names = new ArrayList<>(shapes.keySet());
        return model.table(names.get(rnd.nextInt(names.size())));
    }

    private void dml() {
        int want = 1 + rnd.nextInt(spec.maxChangesPerTransaction());
        List<String> names = new ArrayList<>(shapes.keySet());
        List<String> chosen = new ArrayList<>();
        int tableCount = 1 + rnd.nextInt(Math.min(3, names.size()));
        while (chosen.size() < tableCount) {
            String n = names.get(rnd.nextInt(names.size()));
            if (!chosen.contains(n)) {
                chosen.add(n);
            }
        }
        List<RowChange> changes = new ArrayList<>();
        String followTable = null;
        List<Object> followKey = null;
        for (int attempt = 0; changes.size() < want && attempt < want * 20; attempt++) {
            boolean follow = followKey != null && model.table(followTable).row(followKey) != null && rnd.nextInt(10) < 3;
            String table = follow ? followTable : chosen.get(rnd.nextInt(chosen.size()));
            ModelTable t = model.table(table);
            if (!follow && shapes.get(table) == Shape.PK_AND_UNIQUE && t.rows.size() >= 2
                    && want - changes.size() >= 2 && rnd.nextInt(8) == 0) {
                moveUniqueValue(t, changes);
                continue;
            }
            RowChange c;
            if (follow) {
                // Several changes to one row in one transaction: insert-then-update, update-then-delete.
                List<Object> row = t.row(followKey);
                c = rnd.nextInt(5) < 3 ? update(t, row) : RowChange.delete(t.def, row);
            } else {
                c = randomChange(t);
            }
            if (c != null && tryApply(c, changes)) {
                followTable = table;
                followKey = c.newRow() == null ? null : c.table().keyOf(c.newRow());
            }
        }
        if (changes.isEmpty()) {
            // Every attempt collided: a fresh-keyed insert always fits.
            ModelTable t = model.table(chosen.get(0));
            RowChange c = RowChange.insert(t.def, newRow(t, false));
            if (!tryApply(c, changes)) {
                throw new IllegalStateException("fresh insert rejected: " + model.violation(c));
            }
        }
        transactions.add(Transaction.dml(nextCommitTs(), changes));
    }

    private RowChange randomChange(ModelTable t) {
        double r = rnd.nextDouble();
        if (t.rows.isEmpty() || r >= spec.updateRatio() + spec.deleteRatio()) {
            return RowChange.insert(t.def, newRow(t, true));
        }
        List<Object> row = t.row(t.keyList.get(rnd.nextInt(t.keyList.size())));
        return r < spec.updateRatio() ? update(t, row) : RowChange.delete(t.def, row);
    }

    private boolean tryApply(RowChange c, List<RowChange> changes) {
        if (model.violation(c) != null) {
            return false;
        }
        model.apply(c);
        changes.add(c);
        recordFreed(c);
        return true;
    }

    /** Keys and unique values a change gives up become candidates for later inserts and updates. */
    private void recordFreed(RowChange c) {
        if (c.oldRow() == null) {
            return;
        }
        KeyPool pool = pools.get(c.tableName());
        TableDef def = c.table();
        List<Object> oldKey = def.keyOf(c.oldRow());
        if (c.newRow() == null || !oldKey.equals(def.keyOf(c.newRow()))) {
            pool.add(pool.keys, oldKey);
        }
        int email = def.columnIndex("email");
        if (email >= 0) {
            Object old = c.oldRow().get(email);
            if (old != null && (c.newRow() == null || !old.equals(c.newRow().get(email)))) {
                pool.add(pool.emails, old);
            }
        }
    }

    /** A unique value moves from one row to another in one transaction: freed by the first update, taken by the second. */
    private void moveUniqueValue(ModelTable t, List<RowChange> changes) {
        List<Object> from = t.row(t.keyList.get(rnd.nextInt(t.keyList.size())));
        List<Object> to = t.row(t.keyList.get(rnd.nextInt(t.keyList.size())));
        int email = t.def.columnIndex("email");
        Object value = from.get(email);
        if (value == null || from == to) {
            return;
        }
        List<Object> fromNew = new ArrayList<>(from);
        fromNew.set(email, rnd.nextBoolean() ? null : freshEmail(pools.get(t.def.name())));
        if (!tryApply(RowChange.update(t.def, from, fromNew), changes)) {
            return;
        }
        List<Object> toNew = new ArrayList<>(to);
        toNew.set(email, value);
        tryApply(RowChange.update(t.def, to, toNew), changes);
    }

    private List<Object> newRow(ModelTable t, boolean mayReuse) {
        List<Object> row = new ArrayList<>();
        for (ColumnDef c : t.def.columns()) {
            row.add(values.valueOrNull(c));
        }
        setIdentity(t, row, mayReuse && rnd.nextInt(10) < 3);
        if (shapes.get(t.def.name()) == Shape.PK_AND_UNIQUE) {
            setEmail(t, row);
            setPair(t, row);
        }
        return row;
    }

    private void setIdentity(ModelTable t, List<Object> row, boolean reuse) {
        KeyPool pool = pools.get(t.def.name());
        TableDef def = t.def;
        if (reuse && !pool.keys.isEmpty()) {
            List<?> key = (List<?>) pool.pick(pool.keys, rnd);
            int[] pos = def.identityPositions();
            for (int i = 0; i < pos.length; i++) {
                row.set(pos[i], key.get(i));
            }
            return;
        }
        long n = ++pool.counter;
        switch (shapes.get(def.name())) {
            case INT_PK -> row.set(def.columnIndex("id"), BigInteger.valueOf(rnd.nextInt(5) == 0 ? -n : n));
            case COMPOSITE_PK -> {
                row.set(def.columnIndex("k"), COMPOSITE_PREFIXES.get(rnd.nextInt(COMPOSITE_PREFIXES.size())));
                row.set(def.columnIndex("n"), BigInteger.valueOf(n));
            }
            case UNIQUE_ONLY -> row.set(def.columnIndex("code"), "c" + Long.toString(n, 36));
            // Spread over the whole BIGINT range, sign included; distinct for distinct n.
            case PK_AND_UNIQUE -> row.set(def.columnIndex("id"),
                    BigInteger.valueOf((n % 5 - 2) * 4_000_000_000_000_000_000L + n));
        }
    }

    private void setEmail(ModelTable t, List<Object> row) {
        KeyPool pool = pools.get(t.def.name());
        int r = rnd.nextInt(20);
        Object v;
        if (r < 3) {
            v = null;
        } else if (r < 11 && !pool.emails.isEmpty()) {
            v = pool.pick(pool.emails, rnd); // a value another row gave up: the unique value moves
        } else {
            v = freshEmail(pool);
        }
        row.set(t.def.columnIndex("email"), v);
    }

    private String freshEmail(KeyPool pool) {
        return "u" + (++pool.counter) + "@example.com";
    }

    private void setPair(ModelTable t, List<Object> row) {
        // Few distinct values, so (u_a, u_b) collisions are frequent and the model must reject them.
        row.set(t.def.columnIndex("u_a"), PAIR_PREFIXES.get(rnd.nextInt(PAIR_PREFIXES.size())));
        row.set(t.def.columnIndex("u_b"), rnd.nextInt(5) == 0 ? null : BigInteger.valueOf(rnd.nextInt(40)));
    }

    private RowChange update(ModelTable t, List<Object> old) {
        TableDef def = t.def;
        List<Object> row = new ArrayList<>(old);
        List<Integer> keyCols = new ArrayList<>();
        for (UniqueKey k : def.allUniqueKeys()) {
            k.columns().forEach(c -> keyCols.add(def.columnIndex(c)));
        }
        int edits = 1 + rnd.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int col = rnd.nextInt(def.columns().size());
            if (!keyCols.contains(col)) {
                row.set(col, values.valueOrNull(def.columns().get(col)));
            }
        }
        if (rnd.nextInt(100) < 12) {
            setIdentity(t, row, rnd.nextBoolean()); // an update that changes the primary (identity) key
        }
        if (shapes.get(def.name()) == Shape.PK_AND_UNIQUE) {
            if (rnd.nextInt(10) < 3) {
                setEmail(t, row);
            }
            if (rnd.nextInt(10) < 2) {
                setPair(t, row);
            }
        }
        for (int tries = 0; row.equals(old) && tries < 10; tries++) {
            // TiDB logs no mutation for an update that changes nothing.
            int col = rnd.nextInt(def.columns().size());
            if (!keyCols.contains(col)) {
                row.set(col, values.value(def.columns().get(col)));
            }
        }
        return Objects.equals(row, old) ? null : RowChange.update(def, old, row);
    }

    /** Per table: a counter for fresh keys and the keys / unique values recently given up. */
    private static final class KeyPool {
        long counter;
        final List<Object> keys = new ArrayList<>();
        final List<Object> emails = new ArrayList<>();

        void add(List<Object> pool, Object v) {
            pool.add(v);
            if (pool.size() > FREED_POOL_LIMIT) {
                pool.remove(0);
            }
        }

        /** The most recently freed value half the time (reuse within the same transaction), else any. */
        Object pick(List<Object> pool, Random rnd) {
            return rnd.nextBoolean() ? pool.get(pool.size() - 1) : pool.get(rnd.nextInt(pool.size()));
        }
    }
}
