package dev.drainer.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.proto.secondary.SecondaryBinlog.MutationType;
import dev.drainer.proto.secondary.SecondaryBinlog;
import dev.drainer.testkit.workload.BenchTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench workloads: deterministic, prefix-stable, and holding the orderings a parallel loader must keep. */
class WorkloadGeneratorTest {
    @TempDir
    Path tmp;

    private BenchWorkload generate(WorkloadGenerator.Mix mix, long seed, long rows, String file) throws Exception {
        return WorkloadGenerator.generate(mix, seed, rows, BenchTables.defs("s"), tmp.resolve(file));
    }

    private static List<SecondaryBinlog.Binlog> read(Path file) throws Exception {
        List<SecondaryBinlog.Binlog> all = new ArrayList<>();
        try (WorkloadFile.Reader r = new WorkloadFile.Reader(file)) {
            for (SecondaryBinlog.Binlog b = r.nextBinlog(); b != null; b = r.nextBinlog()) {
                all.add(b);
            }
        }
        return all;
    }

    @Test
    void aSeedGivesOneWorkloadAndFewerRowsGiveItsBeginning() throws Exception {
        BenchWorkload a = generate(WorkloadGenerator.Mix.MIXED, 9, 3000, "a");
        BenchWorkload b = generate(WorkloadGenerator.Mix.MIXED, 9, 3000, "b");
        assertEquals(-1, Files.mismatch(a.file(), b.file()));
        assertNotEquals(-1, Files.mismatch(a.file(), generate(WorkloadGenerator.Mix.MIXED, 10, 3000, "c").file()));

        BenchWorkload first = generate(WorkloadGenerator.Mix.MIXED, 9, 1000, "first");
        assertEquals(1000, first.rows());
        List<SecondaryBinlog.Binlog> whole = read(a.file());
        List<SecondaryBinlog.Binlog> head = read(first.file());
        for (int i = 0; i < head.size() - 1; i++) {
            assertEquals(whole.get(i), head.get(i), "transaction " + i);
        }
        // The last transaction is cut to the row budget: its changes are the first ones of the full one.
        SecondaryBinlog.Binlog last = head.get(head.size() - 1);
        assertEquals(whole.get(head.size() - 1).getCommitTs(), last.getCommitTs());
        assertEquals(first.lastCommitTs(), last.getCommitTs());
    }

    @Test
    void expectedTotalsFollowTheChanges() throws Exception {
        BenchWorkload insert = generate(WorkloadGenerator.Mix.INSERT_ONLY, 3, 5000, "i");
        long total = 0;
        for (int t = 0; t < BenchTables.COUNT; t++) {
            total += insert.expected().rows(t);
        }
        assertEquals(5000, total);
        assertEquals(null, insert.live());
        BenchWorkload mixed = generate(WorkloadGenerator.Mix.MIXED, 3, 5000, "m");
        for (int t = 0; t < BenchTables.COUNT; t++) {
            assertEquals(mixed.live().get(t).size(), mixed.expected().rows(t));
        }
    }

    @Test
    void theMixedWorkloadChangesKeysMovesUniqueValuesAndRepeatsRows() throws Exception {
        Map<MutationType, Integer> types = new EnumMap<>(MutationType.class);
        int keyChanges = 0;
        int movesInTxn = 0;
        int movesAcrossTxns = 0;
        int repeatedRows = 0;
        Set<String> freedEarlier = new HashSet<>();
        for (SecondaryBinlog.Binlog b : read(generate(WorkloadGenerator.Mix.MIXED, 5, 20_000, "m").file())) {
            Set<String> freedHere = new HashSet<>();
            Set<String> rowsHere = new HashSet<>();
            for (SecondaryBinlog.Table t : b.getDmlData().getTablesList()) {
                int keyColumns = t.getTableName().equals("line_items") ? 2 : 1;
                for (SecondaryBinlog.TableMutation m : t.getMutationsList()) {
                    types.merge(m.getType(), 1, Integer::sum);
                    List<SecondaryBinlog.Column> now = m.getRow().getColumnsList();
                    List<SecondaryBinlog.Column> old = m.hasChangeRow() ? m.getChangeRow().getColumnsList() : null;
                    if (old != null && !now.subList(0, keyColumns).equals(old.subList(0, keyColumns))) {
                        keyChanges++;
                    }
                    if (m.getType() != MutationType.Insert
                            && rowsHere.contains(t.getTableName() + (old != null ? old : now).subList(0, keyColumns))) {
                        repeatedRows++;
                    }
                    rowsHere.add(t.getTableName() + now.subList(0, keyColumns));
                    if (!t.getTableName().equals("accounts")) {
                        continue;
                    }
                    // Email is column 1: given up by the old image (update, delete), taken by the new one.
                    String taken = m.getType() == MutationType.Delete ? null : email(now);
                    String given = m.getType() == MutationType.Insert ? null : email(old != null ? old : now);
                    if (taken != null && !taken.equals(given)) {
                        movesInTxn += freedHere.contains(taken) ? 1 : 0;
                        movesAcrossTxns += freedEarlier.contains(taken) && !freedHere.contains(taken) ? 1 : 0;
                    }
                    if (given != null && !given.equals(taken)) {
                        freedHere.add(given);
                    }
                }
            }
            freedEarlier.addAll(freedHere);
        }
        assertTrue(types.get(MutationType.Insert) > 5000 && types.get(MutationType.Update) > 5000
                && types.get(MutationType.Delete) > 1000, types.toString());
        assertTrue(keyChanges > 200, "identity key changes: " + keyChanges);
        assertTrue(movesInTxn > 20, "unique values moved inside a transaction: " + movesInTxn);
        assertTrue(movesAcrossTxns > 20, "unique values taken after an earlier transaction freed them: " + movesAcrossTxns);
        assertTrue(repeatedRows > 500, "rows changed twice in one transaction: " + repeatedRows);
    }

    @Test
    void theInsertOnlyWorkloadOnlyInserts() throws Exception {
        Set<MutationType> types = new HashSet<>();
        for (SecondaryBinlog.Binlog b : read(generate(WorkloadGenerator.Mix.INSERT_ONLY, 5, 3000, "i").file())) {
            b.getDmlData().getTablesList().forEach(t -> t.getMutationsList().forEach(m -> types.add(m.getType())));
            assertTrue(b.getDmlData().getTablesCount() >= 1);
        }
        assertArrayEquals(new Object[] {MutationType.Insert}, types.toArray());
    }

    private static String email(List<SecondaryBinlog.Column> row) {
        return row.get(1).getIsNull() ? null : row.get(1).getStringValue();
    }
}
