package dev.drainer.testkit.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import dev.drainer.testkit.process.ChildJvm;
import org.junit.jupiter.api.Test;

class WorkloadGeneratorTest {
    private static final WorkloadSpec SPEC = WorkloadSpec.defaults(42, "wl").withTransactions(600).withDdlRatio(0.05);

    @Test
    void sameSeedSameWorkloadOtherSeedOtherWorkload() {
        Workload a = Workload.generate(SPEC);
        Workload b = Workload.generate(SPEC);
        assertEquals(a.transactions(), b.transactions());
        assertEquals(a.oracle().hashAt(a.lastCommitTs()), b.oracle().hashAt(b.lastCommitTs()));
        Workload c = Workload.generate(new WorkloadSpec(43, "wl", 4, 600, 8, 0.05, 0.35, 0.15,
                WorkloadSpec.DEFAULT_FIRST_COMMIT_TS));
        assertNotEquals(a.transactions(), c.transactions());
    }

    @Test
    void sameSeedSameWorkloadInAnotherJvm() throws Exception {
        Workload w = Workload.generate(WorkloadSpec.defaults(99, "fp"));
        String expected = "FINGERPRINT " + w.oracle().hashAt(w.lastCommitTs()) + " " + w.lastCommitTs();
        try (ChildJvm child = ChildJvm.builder(WorkloadFingerprintMain.class).args("99").start()) {
            assertEquals(0, child.awaitExit(java.time.Duration.ofSeconds(60)), child.tail(20));
            assertTrue(child.output().contains(expected), child.tail(20));
        }
    }

    @Test
    void handWrittenWorkloadsAreCheckedByTheModel() {
        WorkloadSpec spec = WorkloadSpec.defaults(0, "hw");
        TableDef t = TableShapes.table(TableShapes.Shape.INT_PK, "hw", "t");
        List<Object> row = new ArrayList<>(java.util.Collections.nCopies(t.columns().size(), null));
        row.set(t.columnIndex("id"), BigInteger.ONE);
        row.set(t.columnIndex("c_int"), BigInteger.TWO);
        row.set(t.columnIndex("c_varchar"), "v");
        long ts = WorkloadSpec.DEFAULT_FIRST_COMMIT_TS;
        Transaction create = Transaction.ddl(ts, Ddl.createTable(t));
        Transaction insert = Transaction.dml(ts + 1, List.of(RowChange.insert(t, row)));
        Workload ok = Workload.of(spec, List.of(create, insert));
        assertEquals(1, ok.expectedAt(ts + 1).table("t").rows().size());
        Transaction again = Transaction.dml(ts + 2, List.of(RowChange.insert(t, row)));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> Workload.of(spec, List.of(create, insert, again)));
        assertTrue(e.getMessage().contains("duplicate"), e.getMessage());
        List<Object> stale = new ArrayList<>(row);
        stale.set(t.columnIndex("c_varchar"), "not the current value");
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> Workload.of(spec,
                List.of(create, insert, Transaction.dml(ts + 2, List.of(RowChange.delete(t, stale))))));
        assertTrue(e.getMessage().contains("differs from the current row"), e.getMessage());
    }

    @Test
    void startsWithCreateTablesAndUsesStrictlyIncreasingRealisticTs() {
        Workload w = Workload.generate(SPEC);
        assertEquals(SPEC.tables() + SPEC.transactions(), w.transactions().size());
        for (int i = 0; i < SPEC.tables(); i++) {
            Transaction t = w.transactions().get(i);
            assertTrue(t.isDdl() && t.ddl().kind() == Ddl.Kind.CREATE_TABLE, "transaction " + i);
            assertTrue(t.ddl().sql().startsWith("CREATE TABLE `t" + (i + 1) + "`"), t.ddl().sql());
        }
        assertEquals(WorkloadSpec.DEFAULT_FIRST_COMMIT_TS, w.firstCommitTs());
        long prev = 0;
        for (long ts : w.commitTs()) {
            assertTrue(ts > prev);
            prev = ts;
        }
        long physicalSpanMs = (w.lastCommitTs() >>> 18) - (w.firstCommitTs() >>> 18);
        assertTrue(physicalSpanMs > 0 && physicalSpanMs < 60_000L * SPEC.transactions(), "span " + physicalSpanMs);
    }

    @Test
    void baseSpecsDrawOnlyTheBaseDdlKinds() {
        Set<Ddl.Kind> kinds = EnumSet.noneOf(Ddl.Kind.class);
        Workload.generate(SPEC.withDdlRatio(0.2)).transactions().stream().filter(Transaction::isDdl)
                .forEach(t -> kinds.add(t.ddl().kind()));
        assertEquals(WorkloadSpec.BASE_DDL_KINDS, kinds);
    }

    @Test
    void containsMidStreamDdlOfEveryKindAndKeepsStateAcrossThem() {
        Workload w = Workload.generate(SPEC.withDdlRatio(0.12).withAllDdlKinds());
        Set<Ddl.Kind> kinds = EnumSet.noneOf(Ddl.Kind.class);
        Set<Ddl.Kind> checked = EnumSet.noneOf(Ddl.Kind.class);
        Set<String> droppedNames = new HashSet<>();
        boolean recreated = false;
        List<Transaction> txns = w.transactions();
        for (int i = SPEC.tables(); i < txns.size(); i++) {
            Transaction t = txns.get(i);
            if (!t.isDdl()) {
                continue;
            }
            Ddl d = t.ddl();
            kinds.add(d.kind());
            DatabaseState before = w.expectedAt(txns.get(i - 1).commitTs());
            DatabaseState after = w.expectedAt(t.commitTs());
            TableContent b = before.table(d.table());
            TableContent a = after.table(d.tableNameAfter());
            // Tables the DDL does not name are untouched.
            for (String other : before.tables().keySet()) {
                if (!other.equals(d.table())) {
                    assertEquals(before.table(other), after.table(other), d.sql());
                }
            }
            switch (d.kind()) {
                case ADD_COLUMN -> {
                    ColumnDef added = a.def().columns().get(a.def().columns().size() - 1);
                    assertTrue(d.sql().contains("ADD COLUMN `" + added.name() + "`"), d.sql());
                    assertEquals(b.rows().size(), a.rows().size());
                    for (List<Object> row : a.rows().values()) {
                        assertEquals(added.defaultValue(), row.get(row.size() - 1));
                    }
                    checked.add(d.kind());
                }
                case TRUNCATE_TABLE -> {
                    assertTrue(a.rows().isEmpty());
                    checked.add(d.kind());
                }
                case CREATE_TABLE -> {
                    assertTrue(b == null && a.rows().isEmpty());
                    recreated |= droppedNames.remove(d.table());
                    checked.add(d.kind());
                }
                case DROP_COLUMN -> {
                    String gone = d.sql().substring(d.sql().indexOf("DROP COLUMN `") + 13, d.sql().length() - 1);
                    int at = b.def().columnIndex(gone);
                    assertTrue(at >= 0 && a.def().columnIndex(gone) < 0, d.sql());
                    assertEquals(b.rows().keySet(), a.rows().keySet());
                    for (Map.Entry<List<Object>, List<Object>> e : b.rows().entrySet()) {
                        List<Object> expected = new ArrayList<>(e.getValue());
                        expected.remove(at);
                        assertEquals(expected, a.rows().get(e.getKey()), d.sql());
                    }
                    checked.add(d.kind());
                }
                case ADD_INDEX -> {
                    assertEquals(b.rows(), a.rows());
                    assertEquals(b.def().indexes().size() + 1, a.def().indexes().size());
                    checked.add(d.kind());
                }
                case RENAME_TABLE -> {
                    assertEquals(null, after.table(d.table()), "the old name is gone: " + d.sql());
                    assertEquals(null, before.table(d.tableNameAfter()), "the new name was free: " + d.sql());
                    assertEquals(b.rows(), a.rows(), "the rows moved: " + d.sql());
                    checked.add(d.kind());
                }
                case DROP_TABLE -> {
                    assertTrue(b != null && after.table(d.table()) == null, d.sql());
                    droppedNames.add(d.table());
                    checked.add(d.kind());
                }
            }
        }
        assertEquals(EnumSet.allOf(Ddl.Kind.class), kinds);
        assertEquals(EnumSet.allOf(Ddl.Kind.class), checked);
        assertTrue(recreated, "a dropped name was created again");
        // Changes after a DDL follow the table's new shape and name.
        for (Transaction ddl : txns) {
            if (ddl.isDdl() && ddl.commitTs() > txns.get(SPEC.tables() - 1).commitTs()) {
                String old = ddl.ddl().table();
                TableDef shape = ddl.ddl().tableAfter();
                txns.stream().filter(t -> t.commitTs() > ddl.commitTs()).takeWhile(t -> !t.isDdl())
                        .flatMap(t -> t.changes().stream()).forEach(c -> {
                            assertTrue(ddl.ddl().kind() == Ddl.Kind.RENAME_TABLE || ddl.ddl().kind() == Ddl.Kind.DROP_TABLE
                                    || !c.tableName().equals(old) || c.table().equals(shape), c.toString());
                            assertTrue(ddl.ddl().kind() != Ddl.Kind.RENAME_TABLE && ddl.ddl().kind() != Ddl.Kind.DROP_TABLE
                                    || !c.tableName().equals(old), "a change to the table's old name " + c);
                        });
            }
        }
    }

    @Test
    void finalTablesCoverEveryColumnEveryNameEverHad() {
        Workload w = Workload.generate(SPEC.withDdlRatio(0.12).withAllDdlKinds());
        Map<String, TableDef> finals = new HashMap<>();
        w.finalTables().forEach(d -> finals.put(d.name(), d));
        for (Transaction t : w.transactions()) {
            if (t.isDdl()) {
                TableDef f = finals.get(t.ddl().tableNameAfter());
                for (ColumnDef c : t.ddl().tableAfter().columns()) {
                    assertEquals(c, f.column(c.name()), t.ddl().sql());
                }
            }
        }
    }

    @Test
    void coversEveryTypeShapeAndEdgeValue() {
        Workload w = Workload.generate(SPEC);
        Set<ColumnType> types = EnumSet.noneOf(ColumnType.class);
        Set<String> variants = new HashSet<>();
        for (TableDef d : w.finalTables()) {
            for (ColumnDef c : d.columns()) {
                types.add(c.type());
                variants.add(c.type() + (c.unsigned() ? " unsigned" : "") + "/" + c.scale() + "/" + c.length());
            }
        }
        assertEquals(EnumSet.allOf(ColumnType.class), types);
        for (String v : List.of("BIGINT unsigned/0/0", "TINYINT unsigned/0/0", "DATETIME/0/0", "DATETIME/6/0",
                "TIMESTAMP/0/0", "TIMESTAMP/6/0", "TIME/6/0", "DECIMAL/19/38", "BIT/0/64", "BINARY/0/8")) {
            assertTrue(variants.contains(v), v);
        }
        Set<String> seen = new HashSet<>();
        BigInteger twoTo63 = BigInteger.ONE.shiftLeft(63);
        for (Transaction t : w.transactions()) {
            for (RowChange c : t.changes()) {
                List<ColumnDef> cols = c.table().columns();
                for (int i = 0; i < cols.size(); i++) {
                    ColumnDef col = cols.get(i);
                    Object v = c.row().get(i);
                    if (v == null) {
                        seen.add("null");
                        continue;
                    }
                    if (col.type() == ColumnType.BIGINT && col.unsigned() && ((BigInteger) v).compareTo(twoTo63) > 0) {
                        seen.add("bigint>2^63");
                    }
                    if (col.type() == ColumnType.TIME && ((Duration) v).isNegative()) {
                        seen.add("negative time");
                    }
                    if (col.type() == ColumnType.TIME && ((Duration) v).toHours() >= 24) {
                        seen.add("time>24h");
                    }
                    if (col.type() == ColumnType.TIMESTAMP) {
                        int y = ((LocalDateTime) v).getYear();
                        assertTrue(y >= 1970 && y <= 2038, v.toString());
                    }
                    if (col.type() == ColumnType.BINARY) {
                        assertEquals(col.length(), ((ByteString) v).size());
                    }
                    if (col.type() == ColumnType.VARCHAR && ((String) v).codePoints().anyMatch(cp -> cp > 0xFFFF)) {
                        seen.add("4-byte utf8");
                    }
                    if (col.type() == ColumnType.VARCHAR && ((String) v).codePoints().anyMatch(cp -> cp == 0x4e2d)) {
                        seen.add("cjk");
                    }
                    if (col.type() == ColumnType.DECIMAL && ((java.math.BigDecimal) v).signum() < 0) {
                        seen.add("negative decimal");
                    }
                    if (col.type() == ColumnType.JSON) {
                        seen.add("json " + ((String) v).charAt(0));
                    }
                    if (col.type() == ColumnType.BIT && col.length() == 64 && (Long) v < 0) {
                        seen.add("bit64 high bit");
                    }
                }
            }
        }
        for (String s : List.of("null", "bigint>2^63", "negative time", "time>24h", "4-byte utf8", "cjk",
                "negative decimal", "json {", "json [", "bit64 high bit")) {
            assertTrue(seen.contains(s), s + " not generated; saw " + seen);
        }
        assertTrue(seen.stream().anyMatch(s -> s.startsWith("json ") && !s.equals("json {") && !s.equals("json [")),
                "no scalar JSON: " + seen);
    }

    @Test
    void generatesMultiTableTransactionsRepeatedRowChangesKeyChangesAndUniqueMoves() {
        Workload w = Workload.generate(SPEC);
        int multiTable = 0;
        int insertThenUpdate = 0;
        int updateThenDelete = 0;
        int keyChanges = 0;
        int uniqueMovesWithinTxn = 0;
        Map<Object, List<Object>> emailLastHolder = new HashMap<>();
        int uniqueMovesAcrossTxns = 0;
        for (Transaction t : w.transactions()) {
            if (t.changes().stream().map(RowChange::tableName).distinct().count() > 1) {
                multiTable++;
            }
            Map<String, ChangeType> lastTypeByRow = new HashMap<>();
            Map<Object, List<Object>> freedInTxn = new HashMap<>();
            for (RowChange c : t.changes()) {
                TableDef d = c.table();
                if (c.oldRow() != null) {
                    ChangeType prev = lastTypeByRow.get(c.tableName() + d.keyOf(c.oldRow()));
                    if (prev == ChangeType.INSERT && c.type() == ChangeType.UPDATE) {
                        insertThenUpdate++;
                    }
                    if (prev == ChangeType.UPDATE && c.type() == ChangeType.DELETE) {
                        updateThenDelete++;
                    }
                }
                if (c.type() == ChangeType.UPDATE && !d.keyOf(c.oldRow()).equals(d.keyOf(c.newRow()))) {
                    keyChanges++;
                }
                if (c.newRow() != null) {
                    lastTypeByRow.put(c.tableName() + d.keyOf(c.newRow()), c.type());
                }
                int email = d.columnIndex("email");
                if (email >= 0) {
                    Object oldEmail = c.oldRow() == null ? null : c.oldRow().get(email);
                    Object newEmail = c.newRow() == null ? null : c.newRow().get(email);
                    if (oldEmail != null && !oldEmail.equals(newEmail)) {
                        freedInTxn.put(c.tableName() + oldEmail, d.keyOf(c.oldRow()));
                    }
                    if (newEmail != null && !newEmail.equals(oldEmail)) {
                        List<Object> freedBy = freedInTxn.get(c.tableName() + newEmail);
                        if (freedBy != null && !freedBy.equals(d.keyOf(c.newRow()))) {
                            uniqueMovesWithinTxn++;
                        }
                        List<Object> last = emailLastHolder.get(c.tableName() + newEmail);
                        if (freedBy == null && last != null && !last.equals(d.keyOf(c.newRow()))) {
                            uniqueMovesAcrossTxns++;
                        }
                        emailLastHolder.put(c.tableName() + newEmail, d.keyOf(c.newRow()));
                    }
                }
            }
        }
        String stats = "multiTable=" + multiTable + " insertThenUpdate=" + insertThenUpdate + " updateThenDelete="
                + updateThenDelete + " keyChanges=" + keyChanges + " movesWithin=" + uniqueMovesWithinTxn
                + " movesAcross=" + uniqueMovesAcrossTxns;
        System.out.println(stats);
        assertTrue(multiTable > 20 && insertThenUpdate > 5 && updateThenDelete > 5 && keyChanges > 10
                && uniqueMovesWithinTxn > 3 && uniqueMovesAcrossTxns > 3, stats);
        int max = w.transactions().stream().mapToInt(t -> t.changes().size()).max().orElseThrow();
        assertTrue(max <= SPEC.maxChangesPerTransaction());
    }

    /**
     * An independent check (no model code): every unique key stays unique after every single change,
     * every old image is the current row, NOT NULL holds.
     */
    @Test
    void everyChangeRespectsEveryUniqueConstraint() {
        for (long seed = 1; seed <= 3; seed++) {
            WorkloadSpec spec = WorkloadSpec.defaults(seed, "wl").withTransactions(400).withDdlRatio(0.05);
            Workload w = Workload.generate(seed == 3 ? spec.withAllDdlKinds().withDdlRatio(0.12) : spec);
            Map<String, Map<List<Object>, Integer>> rowsByTable = new HashMap<>();
            Map<String, Map<List<Object>, Integer>> tuplesByTable = new HashMap<>();
            Map<String, List<String>> columnsByTable = new HashMap<>();
            for (Transaction t : w.transactions()) {
                if (t.isDdl()) {
                    String table = t.ddl().table();
                    List<String> columnsBefore = columnsByTable.put(t.ddl().tableNameAfter(), t.ddl().tableAfter().columnNames());
                    switch (t.ddl().kind()) {
                        case ADD_INDEX -> { }
                        case DROP_TABLE -> {
                            rowsByTable.remove(table);
                            tuplesByTable.remove(table);
                            columnsByTable.remove(table);
                        }
                        case RENAME_TABLE -> {
                            rowsByTable.put(t.ddl().tableNameAfter(), rowsByTable.remove(table));
                            tuplesByTable.put(t.ddl().tableNameAfter(), tuplesByTable.remove(table));
                            columnsByTable.remove(table);
                        }
                        case DROP_COLUMN -> {
                            List<String> remaining = t.ddl().tableAfter().columnNames();
                            int gone = 0;
                            while (remaining.contains(columnsBefore.get(gone))) {
                                gone++;
                            }
                            int at = gone;
                            Map<List<Object>, Integer> narrowed = new HashMap<>();
                            rowsByTable.get(table).forEach((r, n) -> {
                                List<Object> row = new ArrayList<>(r);
                                row.remove(at);
                                narrowed.put(row, n);
                            });
                            rowsByTable.put(table, narrowed);
                        }
                        case CREATE_TABLE, TRUNCATE_TABLE -> {
                            rowsByTable.put(table, new HashMap<>());
                            tuplesByTable.put(table, new HashMap<>());
                        }
                        case ADD_COLUMN -> {
                            List<ColumnDef> cols = t.ddl().tableAfter().columns();
                            Object dflt = cols.get(cols.size() - 1).defaultValue();
                            Map<List<Object>, Integer> widened = new HashMap<>();
                            rowsByTable.get(table).forEach((r, n) -> {
                                List<Object> row = new ArrayList<>(r);
                                row.add(dflt);
                                widened.put(row, n);
                            });
                            rowsByTable.put(table, widened);
                        }
                    }
                    continue;
                }
                for (RowChange c : t.changes()) {
                    Map<List<Object>, Integer> rows = rowsByTable.get(c.tableName());
                    Map<List<Object>, Integer> tuples = tuplesByTable.get(c.tableName());
                    if (c.oldRow() != null) {
                        assertTrue(rows.containsKey(c.oldRow()), () -> "old image is not a current row: " + c);
                        rows.merge(c.oldRow(), -1, (a, b) -> a + b == 0 ? null : a + b);
                        for (List<Object> tuple : uniqueTuples(c.table(), c.oldRow())) {
                            tuples.merge(tuple, -1, (a, b) -> a + b == 0 ? null : a + b);
                        }
                    }
                    if (c.newRow() != null) {
                        rows.merge(c.newRow(), 1, Integer::sum);
                        for (List<Object> tuple : uniqueTuples(c.table(), c.newRow())) {
                            assertEquals(1, tuples.merge(tuple, 1, Integer::sum), () -> "duplicate " + tuple + " after " + c);
                        }
                        for (int i = 0; i < c.table().columns().size(); i++) {
                            assertFalse(!c.table().columns().get(i).nullable() && c.newRow().get(i) == null,
                                    () -> "NULL in NOT NULL column " + c);
                        }
                    }
                }
            }
        }
    }

    /** (key name, values…) of every unique key of the row without NULLs (NULLs never collide). */
    private static List<List<Object>> uniqueTuples(TableDef def, List<Object> row) {
        List<List<Object>> out = new ArrayList<>();
        for (UniqueKey k : def.allUniqueKeys()) {
            List<Object> tuple = new ArrayList<>();
            tuple.add(k.name());
            for (String col : k.columns()) {
                Object v = row.get(def.columnIndex(col));
                // As a PAD SPACE collation compares (and, stricter, ignoring case).
                tuple.add(v instanceof String str ? str.replaceAll(" +$", "").toLowerCase(java.util.Locale.ROOT) : v);
            }
            if (tuple.stream().noneMatch(Objects::isNull)) {
                out.add(tuple);
            }
        }
        return out;
    }
}
