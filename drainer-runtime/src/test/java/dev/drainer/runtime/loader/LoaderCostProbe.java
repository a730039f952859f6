package dev.drainer.runtime.loader;

import com.google.protobuf.ByteString;
import dev.drainer.proto.secondary.SecondaryBinlog;
import dev.drainer.runtime.translate.SecondaryBinlogTranslator;
import dev.drainer.testkit.binlog.SecondaryBinlogEncoder;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.workload.BenchTables;
import dev.drainer.testkit.workload.RowChange;
import dev.drainer.testkit.workload.TableDef;
import dev.drainer.testkit.workload.Transaction;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Not a test: a main that measures the JVM's cost of translate + loader per row change, in figures that
 * do not depend on the machine's load: bytes allocated and thread CPU nanoseconds per row, summed over
 * every Java thread (the caller's and the loader workers'). The workload has the bench's table shapes;
 * an insert-only pass (outside safe mode) and a mixed pass of updates (some moving the primary key or
 * the unique email) and deletes (safe mode) each run once to warm up and once measured.
 *
 * <p>Run: {@code java -cp <test classpath> dev.drainer.runtime.loader.LoaderCostProbe [rows]}.
 */
public final class LoaderCostProbe {
    private static final int WORKERS = 4;
    private static final int TXN_BATCH = 1000;
    private static final int MAX_CHANGES_PER_TXN = 16;

    private LoaderCostProbe() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        MariaDb db = MariaDb.shared();
        for (String pass : List.of("warmup", "m1", "m2")) {
            String schema = db.createDatabase("cost");
            List<TableDef> defs = BenchTables.defs(schema);
            for (TableDef d : defs) {
                db.execute("USE `" + schema + "`", d.createTableSql());
            }
            Workload w = new Workload(defs, new SplittableRandom(7));
            List<SecondaryBinlog.Binlog> inserts = w.inserts(rows);
            List<SecondaryBinlog.Binlog> mixed = w.mixed(rows);
            Cost ins = run(db, inserts, false);
            Cost mix = run(db, mixed, true);
            System.out.printf("%s insert rows=%d bytesPerRow=%d cpuNsPerRow=%d wallMs=%d%n", pass, rows,
                    ins.bytes / rows, ins.cpuNs / rows, ins.wallNs / 1_000_000);
            System.out.printf("%s mixed rows=%d bytesPerRow=%d cpuNsPerRow=%d wallMs=%d%n", pass, rows,
                    mix.bytes / rows, mix.cpuNs / rows, mix.wallNs / 1_000_000);
            db.execute("DROP DATABASE `" + schema + "`");
        }
        db.stop();
    }

    private record Cost(long bytes, long cpuNs, long wallNs) {
    }

    private static Cost run(MariaDb db, List<SecondaryBinlog.Binlog> binlogs, boolean safe) throws Exception {
        LoaderOptions opts = LoaderOptions.of(WORKERS, TXN_BATCH, true, true);
        SecondaryBinlogTranslator translator = new SecondaryBinlogTranslator(ZoneId.of("UTC"));
        try (Loader loader = new Loader(LoaderTest.endpoint(db), opts, safe)) {
            System.gc();
            Map<Long, long[]> before = threadCosts();
            long t0 = System.nanoTime();
            List<Txn> batch = new ArrayList<>();
            int n = 0;
            for (SecondaryBinlog.Binlog b : binlogs) {
                Txn t = translator.toTxn(b.toByteArray(), null);
                batch.add(t);
                n += t.dmls().size();
                if (n >= opts.batchDmlLimit()) {
                    loader.apply(batch);
                    batch.clear();
                    n = 0;
                }
            }
            loader.apply(batch);
            long wall = System.nanoTime() - t0;
            Map<Long, long[]> after = threadCosts();
            long bytes = 0;
            long cpu = 0;
            for (Map.Entry<Long, long[]> e : after.entrySet()) {
                long[] b0 = before.getOrDefault(e.getKey(), new long[2]);
                bytes += e.getValue()[0] - b0[0];
                cpu += e.getValue()[1] - b0[1];
            }
            return new Cost(bytes, cpu, wall);
        }
    }

    /** Allocated bytes and CPU ns of every live thread, by id. */
    private static Map<Long, long[]> threadCosts() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = mx.getAllThreadIds();
        long[] bytes = mx.getThreadAllocatedBytes(ids);
        long[] cpu = mx.getThreadCpuTime(ids);
        Map<Long, long[]> out = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0 && cpu[i] >= 0) {
                out.put(ids[i], new long[] {bytes[i], cpu[i]});
            }
        }
        return out;
    }

    /** Inserts rows 1..n of each table, then updates (10% new key, accounts' email moves) and deletes them. */
    private static final class Workload {
        private static final String TEXT = "abcdefghijklmnopqrstuvwxyz ABC0123456789,.-_'\"\\\u00e9\u00fc\u4e2d\u20ac\ud83d\ude00";
        private final List<TableDef> defs;
        private final SplittableRandom r;
        private final long[] next = new long[4];
        private long ts = 1L << 40;

        Workload(List<TableDef> defs, SplittableRandom r) {
            this.defs = defs;
            this.r = r;
        }

        List<SecondaryBinlog.Binlog> inserts(int rows) {
            List<SecondaryBinlog.Binlog> out = new ArrayList<>();
            int done = 0;
            while (done < rows) {
                int want = Math.min(1 + r.nextInt(MAX_CHANGES_PER_TXN), rows - done);
                List<RowChange> changes = new ArrayList<>();
                for (int i = 0; i < want; i++) {
                    int t = r.nextInt(4);
                    long key = ++next[t];
                    changes.add(RowChange.insert(defs.get(t), row(t, key, 0)));
                }
                done += want;
                out.add(SecondaryBinlogEncoder.encode(Transaction.dml(ts++, changes)));
            }
            return out;
        }

        /** Updates (half of them) and deletes of the rows {@link #inserts} wrote, each row touched once. */
        List<SecondaryBinlog.Binlog> mixed(int rows) {
            List<SecondaryBinlog.Binlog> out = new ArrayList<>();
            long[] cursor = new long[4];
            long[] fresh = next.clone();
            int done = 0;
            while (done < rows) {
                int want = Math.min(1 + r.nextInt(MAX_CHANGES_PER_TXN), rows - done);
                List<RowChange> changes = new ArrayList<>();
                for (int i = 0; i < want; i++) {
                    int t = r.nextInt(4);
                    if (cursor[t] >= next[t]) {
                        changes.add(RowChange.insert(defs.get(t), row(t, ++fresh[t], 0)));
                        continue;
                    }
                    long key = ++cursor[t];
                    List<Object> old = row(t, key, 0);
                    if (r.nextBoolean()) {
                        changes.add(RowChange.delete(defs.get(t), old));
                    } else {
                        long newKey = r.nextInt(10) == 0 ? ++fresh[t] : key;
                        changes.add(RowChange.update(defs.get(t), old, row(t, newKey, 1)));
                    }
                }
                done += want;
                out.add(SecondaryBinlogEncoder.encode(Transaction.dml(ts++, changes)));
            }
            return out;
        }

        /** Row {@code key} of table {@code t} at {@code version}; accounts' email follows the key, so moves with it. */
        private List<Object> row(int t, long key, int version) {
            SplittableRandom v = new SplittableRandom(key * 31 + t * 7 + version);
            LocalDateTime at = LocalDateTime.of(2024, 1, 1, 0, 0).plusSeconds(v.nextInt(30_000_000))
                    .plusNanos(v.nextInt(1_000_000) * 1000L);
            return switch (t) {
                case 0 -> java.util.Arrays.asList(big(key), big(1 + v.nextInt(1_000_000)), text(v, 1 + v.nextInt(15)),
                        new BigDecimal(big(v.nextLong(1_000_000_000L)), 2), v.nextInt(10) == 0 ? null : big(v.nextInt(100)),
                        at, v.nextInt(5) == 0 ? null : text(v, v.nextInt(80)));
                case 1 -> java.util.Arrays.asList(big(key), key % 9 == 0 ? null : "user" + key + "." + version + "@example.com",
                        text(v, 5 + v.nextInt(36)), new BigDecimal(big(v.nextLong(1_000_000_000_000L)), 4),
                        v.nextInt(8) == 0 ? null : (v.nextInt(16_000_001) - 8_000_000) / 8.0, at);
                case 2 -> java.util.Arrays.asList(big(key >> 3), big(key & 7), "SKU-" + Long.toString(v.nextLong(1L << 40), 36),
                        new BigDecimal(big(v.nextLong(10_000_000L)), 2), big(1 + v.nextInt(1000)),
                        v.nextInt(4) == 0 ? null : bytes(v, v.nextInt(33)));
                default -> java.util.Arrays.asList("ev" + key, text(v, 3 + v.nextInt(12)), at, big(v.nextLong(Long.MAX_VALUE)),
                        v.nextInt(6) == 0 ? null : text(v, 20 + v.nextInt(200)));
            };
        }

        private static BigInteger big(long v) {
            return BigInteger.valueOf(v);
        }

        private static String text(SplittableRandom v, int n) {
            StringBuilder sb = new StringBuilder(n);
            int[] cps = TEXT.codePoints().toArray();
            for (int i = 0; i < n; i++) {
                sb.appendCodePoint(cps[v.nextInt(cps.length)]);
            }
            return sb.toString();
        }

        private static ByteString bytes(SplittableRandom v, int n) {
            byte[] b = new byte[n];
            for (int i = 0; i < n; i++) {
                b[i] = (byte) v.nextInt(256);
            }
            return ByteString.copyFrom(b);
        }
    }
}
