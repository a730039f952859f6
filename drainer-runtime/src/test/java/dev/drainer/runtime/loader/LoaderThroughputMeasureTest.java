package dev.drainer.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The numbers in docs/loader.md: rows per second through the loader, merged against one-row, for
 * inserts, updates and safe-mode updates. Off unless {@code -Dloader.measure=true}: it measures, it
 * does not judge speed; it does check that both paths leave the same rows.
 */
@ExtendWith(MariaDbExtension.class)
class LoaderThroughputMeasureTest {
    private static final int ROWS = Integer.getInteger("loader.measure.rows", 40_000);
    private static final int ROWS_PER_TXN = 10;

    private static Map<String, Object> row(long id, int gen) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", id);
        m.put("uk", "u" + id);
        m.put("c1", id * 3 + gen);
        m.put("c2", "value-" + id + "-" + "x".repeat(40));
        m.put("c3", id * 1.25);
        m.put("c4", "2024-05-06 07:08:09.123456");
        m.put("c5", "12345.6789");
        m.put("c6", "y".repeat(80) + gen);
        return m;
    }

    private static List<List<Txn>> batches(String d, String t, DmlType type, LoaderOptions opts) {
        List<List<Txn>> out = new ArrayList<>();
        List<Txn> batch = new ArrayList<>();
        int rows = 0;
        for (long id = 0; id < ROWS; id += ROWS_PER_TXN) {
            List<Dml> dmls = new ArrayList<>();
            for (long i = id; i < id + ROWS_PER_TXN; i++) {
                dmls.add(type == DmlType.INSERT ? new Dml(d, t, DmlType.INSERT, row(i, 0), Map.of())
                        : new Dml(d, t, DmlType.UPDATE, row(i, 1), row(i, 0)));
            }
            batch.add(Txn.ofDml(id + 1, dmls, null));
            rows += dmls.size();
            if (rows >= opts.batchDmlLimit()) {
                out.add(batch);
                batch = new ArrayList<>();
                rows = 0;
            }
        }
        if (!batch.isEmpty()) {
            out.add(batch);
        }
        return out;
    }

    @Test
    void measure(MariaDb db) throws Exception {
        assumeTrue(Boolean.getBoolean("loader.measure"), "set -Dloader.measure=true to measure");
        String d = db.createDatabase("tp");
        int workers = Integer.getInteger("loader.measure.workers", 4);
        StringBuilder report = new StringBuilder();
        for (int txnBatch : new int[] {20, 100, 256}) {
            for (boolean multiRow : new boolean[] {false, true}) {
                String t = "t_" + txnBatch + "_" + multiRow;
                db.execute("CREATE TABLE `" + d + "`.`" + t + "` (id BIGINT PRIMARY KEY, uk VARCHAR(40) UNIQUE, c1 BIGINT,"
                        + " c2 VARCHAR(100), c3 DOUBLE, c4 DATETIME(6), c5 DECIMAL(20,4), c6 TEXT)");
                LoaderOptions opts = LoaderOptions.of(workers, txnBatch, true, true).withMultiRow(multiRow);
                for (String phase : List.of("insert", "update", "safe-update")) {
                    boolean safe = phase.equals("safe-update");
                    List<List<Txn>> work = batches(d, t, phase.equals("insert") ? DmlType.INSERT : DmlType.UPDATE, opts);
                    try (Loader loader = new Loader(LoaderTest.endpoint(db), opts, safe)) {
                        long start = System.nanoTime();
                        for (List<Txn> b : work) {
                            loader.apply(b);
                        }
                        double secs = (System.nanoTime() - start) / 1e9;
                        report.append(String.format("workers=%d txn-batch=%d multiRow=%s %s: %.0f rows/s, %d statements%n",
                                workers, txnBatch, multiRow, phase, ROWS / secs, loader.statementsExecuted()));
                    }
                }
            }
            assertEquals(LoaderTest.dump(db, "SELECT * FROM `" + d + "`.`t_" + txnBatch + "_false` ORDER BY id"),
                    LoaderTest.dump(db, "SELECT * FROM `" + d + "`.`t_" + txnBatch + "_true` ORDER BY id"));
        }
        System.out.print(report);
    }
}
