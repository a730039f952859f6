package dev.drainer.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.proto.secondary.SecondaryBinlog;
import dev.drainer.runtime.translate.SecondaryBinlogTranslator;
import dev.drainer.testkit.binlog.SecondaryBinlogEncoder;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import dev.drainer.testkit.downstream.ComparisonResult;
import dev.drainer.testkit.downstream.DownstreamReader;
import dev.drainer.testkit.downstream.StateComparator;
import dev.drainer.testkit.workload.Workload;
import dev.drainer.testkit.workload.WorkloadSpec;
import java.sql.Connection;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The merged path against references on a real MariaDB: generated workloads (every column type,
 * composite and unique-only keys, NULL unique values, key-changing updates, unique values moving
 * between rows, DDLs) must equal the workload oracle after every batch; and a dense generator over
 * eight composite keys and eight unique values, where almost every chunk repeats keys (and, outside safe
 * mode, folds changes of one row), must equal its model and the one-row path.
 */
@ExtendWith(MariaDbExtension.class)
class MergedPathDifferentialTest {

    @ParameterizedTest(name = "seed={0} safe={1} multiRow={2}")
    @CsvSource({"11,true,true", "12,false,true", "13,true,true", "14,false,true", "15,false,false"})
    void generatedWorkloadsEqualTheOracleAfterEveryBatch(long seed, boolean safe, boolean multiRow, MariaDb db)
            throws Exception {
        String schema = db.createDatabase("wl");
        Workload w = Workload.generate(WorkloadSpec.defaults(seed, schema).withTransactions(250)
                .withMaxChangesPerTransaction(12));
        SecondaryBinlogTranslator translator = new SecondaryBinlogTranslator(ZoneId.of("UTC"));
        LoaderOptions opts = LoaderOptions.of(3, 24, true, true).withMultiRow(multiRow);
        try (Loader loader = new Loader(LoaderTest.endpoint(db), opts, safe); Connection reader = db.connect(schema)) {
            List<Txn> batch = new ArrayList<>();
            int rows = 0;
            int batches = 0;
            for (SecondaryBinlog.Binlog b : SecondaryBinlogEncoder.encodeAll(w)) {
                Txn t = translator.toTxn(b.toByteArray(), null);
                batch.add(t);
                rows += Math.max(1, t.dmls().size());
                if (rows >= opts.batchDmlLimit()) {
                    apply(loader, batch, w, reader, ++batches);
                    batch.clear();
                    rows = 0;
                }
            }
            apply(loader, batch, w, reader, ++batches);
            if (multiRow) {
                // 24-row chunks over four tables, with repeated changes to one row, still share statements.
                assertTrue(loader.rowsMerged() * 3 > loader.rowsApplied(), "rows merged: " + loader.rowsMerged()
                        + " of " + loader.rowsApplied());
            } else {
                assertEquals(0, loader.rowsMerged());
            }
        }
    }

    private static void apply(Loader loader, List<Txn> batch, Workload w, Connection reader, int n) throws Exception {
        loader.apply(batch);
        long ts = batch.get(batch.size() - 1).commitTs();
        ComparisonResult r = StateComparator.compare(w.expectedAt(ts), DownstreamReader.read(reader, w));
        assertTrue(r.isEqual(), "after batch " + n + " (commit ts " + ts + "):\n" + r.report());
    }

    @ParameterizedTest(name = "safe={0}")
    @CsvSource({"true", "false"})
    void denseKeyCollisionsEqualTheModelAndTheOneRowPath(boolean safe, MariaDb db) throws Exception {
        String d = db.createDatabase("hot");
        for (String t : List.of("merged", "onerow")) {
            db.execute("CREATE TABLE `" + d + "`.`" + t + "` (k VARCHAR(8) NOT NULL, n INT NOT NULL, uk INT NULL,"
                    + " v VARCHAR(20), PRIMARY KEY (k, n), UNIQUE KEY (uk))");
        }
        LoaderOptions opts = LoaderOptions.of(2, 64, true, true);
        try (Loader merged = new Loader(LoaderTest.endpoint(db), opts, safe);
             Loader oneRow = new Loader(LoaderTest.endpoint(db), opts.withMultiRow(false), safe)) {
            for (int seed = 0; seed < 40; seed++) {
                DenseModel model = new DenseModel(new Random(seed));
                List<Txn> mergedTxns = new ArrayList<>();
                List<Txn> oneRowTxns = new ArrayList<>();
                for (int t = 0; t < 12; t++) {
                    List<Map<String, Object>[]> changes = model.transaction();
                    mergedTxns.add(Txn.ofDml(t + 1, model.dmls(d, "merged", changes), null));
                    oneRowTxns.add(Txn.ofDml(t + 1, model.dmls(d, "onerow", changes), null));
                }
                merged.apply(mergedTxns);
                oneRow.apply(oneRowTxns);
                assertEquals(model.rows(), LoaderTest.dump(db, "SELECT k, n, uk, v FROM `" + d + "`.merged ORDER BY k, n"),
                        "merged path, seed " + seed);
                assertEquals(model.rows(), LoaderTest.dump(db, "SELECT k, n, uk, v FROM `" + d + "`.onerow ORDER BY k, n"),
                        "one-row path, seed " + seed);
                // The next seed starts from empty tables again.
                List<Map<String, Object>[]> clear = model.deleteAll();
                merged.apply(List.of(Txn.ofDml(100, model.dmls(d, "merged", clear), null)));
                oneRow.apply(List.of(Txn.ofDml(100, model.dmls(d, "onerow", clear), null)));
            }
            assertTrue(merged.rowsMerged() > 0 && merged.statementsExecuted() < oneRow.statementsExecuted(),
                    "merged " + merged.statementsExecuted() + " statements vs one-row " + oneRow.statementsExecuted());
            // Outside safe mode a row changed twice in a chunk is folded into one change (ChunkFolder).
            assertEquals(!safe, merged.rowsFolded() > 0, "rows folded: " + merged.rowsFolded());
            assertEquals(0, oneRow.rowsFolded());
        }
    }

    /**
     * A table over 8 primary keys ({@code k} in a, b; {@code n} in 1..4) and unique values 1..8 or NULL:
     * random inserts, deletes and updates that change the key, the unique value or both, each valid
     * against the current state, so keys are freed and retaken all the time.
     */
    private static final class DenseModel {
        private final Random rnd;
        private final TreeMap<String, Map<String, Object>> rows = new TreeMap<>();
        private int version;

        DenseModel(Random rnd) {
            this.rnd = rnd;
        }

        /** Each change is {old image or null, new image or null}. */
        List<Map<String, Object>[]> transaction() {
            List<Map<String, Object>[]> out = new ArrayList<>();
            int n = 1 + rnd.nextInt(10);
            for (int i = 0; i < n; i++) {
                Map<String, Object> old = rows.isEmpty() || rnd.nextInt(4) == 0 ? null
                        : new ArrayList<>(rows.values()).get(rnd.nextInt(rows.size()));
                boolean delete = old != null && rnd.nextInt(4) == 0;
                Map<String, Object> nu = delete ? null : image(old);
                if (!delete && nu == null) {
                    continue;
                }
                if (old != null) {
                    rows.remove(id(old));
                }
                if (nu != null) {
                    rows.put(id(nu), nu);
                }
                @SuppressWarnings("unchecked")
                Map<String, Object>[] change = new Map[] {old, nu};
                out.add(change);
            }
            return out;
        }

        List<Map<String, Object>[]> deleteAll() {
            List<Map<String, Object>[]> out = new ArrayList<>();
            for (Map<String, Object> r : rows.values()) {
                @SuppressWarnings("unchecked")
                Map<String, Object>[] change = new Map[] {r, null};
                out.add(change);
            }
            rows.clear();
            return out;
        }

        /** A new image with a free key and a free (or NULL) unique value, keeping the old ones sometimes. */
        private Map<String, Object> image(Map<String, Object> old) {
            for (int attempt = 0; attempt < 20; attempt++) {
                Map<String, Object> m = new HashMap<>();
                boolean keepKey = old != null && rnd.nextBoolean();
                m.put("k", keepKey ? old.get("k") : rnd.nextBoolean() ? "a" : "b");
                m.put("n", keepKey ? old.get("n") : (long) (1 + rnd.nextInt(4)));
                int u = rnd.nextInt(10);
                m.put("uk", old != null && u == 9 ? old.get("uk") : u < 8 ? (Object) (long) (1 + u) : null);
                m.put("v", "v" + (++version));
                String id = id(m);
                boolean keyFree = !rows.containsKey(id) || (old != null && id.equals(id(old)));
                boolean ukFree = m.get("uk") == null || rows.values().stream()
                        .noneMatch(r -> r != old && m.get("uk").equals(r.get("uk")));
                if (keyFree && ukFree) {
                    return m;
                }
            }
            return null;
        }

        private static String id(Map<String, Object> m) {
            return m.get("k") + "|" + m.get("n");
        }

        List<Dml> dmls(String db, String table, List<Map<String, Object>[]> changes) {
            List<Dml> out = new ArrayList<>();
            for (Map<String, Object>[] c : changes) {
                if (c[0] == null) {
                    out.add(new Dml(db, table, DmlType.INSERT, c[1], Map.of()));
                } else if (c[1] == null) {
                    out.add(new Dml(db, table, DmlType.DELETE, c[0], Map.of()));
                } else {
                    out.add(new Dml(db, table, DmlType.UPDATE, c[1], c[0]));
                }
            }
            return out;
        }

        List<String> rows() {
            return rows.values().stream().map(r -> r.get("k") + "|" + r.get("n") + "|" + r.get("uk") + "|" + r.get("v"))
                    .toList();
        }
    }
}
