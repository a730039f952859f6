package dev.drainer.bench;

import dev.drainer.proto.secondary.SecondaryBinlog;
import dev.drainer.testkit.workload.ColumnDef;
import dev.drainer.testkit.workload.SqlLiterals;
import dev.drainer.testkit.workload.TableDef;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The raw-JDBC reference: the insert-only workload's rows as multi-row {@code INSERT}s over plain
 * Connector/J (client-side statements), one transaction per statement, {@code connections} writers
 * fed by one reader of the workload file. No ordering, no relay, no checkpoint: an upper bound for
 * what any loader on this server can do with these rows.
 */
final class Baseline {
    /** The sweep's batch sizes (rows per statement). */
    static final List<Integer> BATCHES = List.of(100, 500, 1000, 5000);

    private static final Chunk END = new Chunk(-1, List.of());

    private final Downstream db;
    private final Monitor monitor;

    Baseline(Downstream db, Monitor monitor) {
        this.db = db;
        this.monitor = monitor;
    }

    /** One cell of the sweep. */
    record Cell(int batch, int connections, long rows, double seconds) {
        double rowsPerSec() {
            return rows / seconds;
        }
    }

    /** A cell and the check of the tables it loaded. */
    record Measured(Cell cell, Verifier.Outcome verification) {
    }

    /** The connection counts of the sweep: 1, 2, 4 and the worker count, without repeats. */
    static List<Integer> connectionCounts(int workers) {
        List<Integer> c = new ArrayList<>(List.of(1, 2, 4));
        if (!c.contains(workers)) {
            c.add(workers);
        }
        Collections.sort(c);
        return c;
    }

    /** Loads the workload's rows once into the (already empty) tables and times it. */
    Cell run(BenchWorkload w, int batch, int connections) throws IOException, SQLException, InterruptedException {
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(connections * 2);
        LongAdder done = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(connections, r -> {
            Thread t = new Thread(r, "baseline-writer");
            t.setDaemon(true);
            return t;
        });
        monitor.phaseStarted("baseline/batch=" + batch + ",connections=" + connections, w.rows(), done::sum);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                writers.add(pool.submit(() -> write(w.rowFactory().defs(), queue, done)));
            }
            feed(w, batch, queue, writers);
            for (int i = 0; i < connections; i++) {
                put(queue, END, writers);
            }
            for (Future<?> f : writers) {
                await(f);
            }
        } finally {
            pool.shutdownNow();
            monitor.phaseEnded();
        }
        return new Cell(batch, connections, done.sum(), (System.nanoTime() - t0) / 1e9);
    }

    /** Rows of one table for one statement. */
    private record Chunk(int table, List<SecondaryBinlog.Row> rows) {
    }

    private static void feed(BenchWorkload w, int batch, BlockingQueue<Chunk> queue, List<Future<?>> writers)
            throws IOException, SQLException, InterruptedException {
        Map<String, Integer> tableIndex = new HashMap<>();
        List<TableDef> defs = w.rowFactory().defs();
        for (int i = 0; i < defs.size(); i++) {
            tableIndex.put(defs.get(i).name(), i);
        }
        List<List<SecondaryBinlog.Row>> pending = new ArrayList<>();
        defs.forEach(d -> pending.add(new ArrayList<>(batch)));
        try (WorkloadFile.Reader reader = new WorkloadFile.Reader(w.file())) {
            SecondaryBinlog.Binlog b;
            while ((b = reader.nextBinlog()) != null) {
                for (SecondaryBinlog.Table t : b.getDmlData().getTablesList()) {
                    int table = tableIndex.get(t.getTableName());
                    for (SecondaryBinlog.TableMutation m : t.getMutationsList()) {
                        if (m.getType() != SecondaryBinlog.MutationType.Insert) {
                            throw new IllegalArgumentException("the baseline loads inserts only, got " + m.getType()
                                    + " at commit ts " + b.getCommitTs());
                        }
                        pending.get(table).add(m.getRow());
                        if (pending.get(table).size() == batch) {
                            put(queue, new Chunk(table, pending.get(table)), writers);
                            pending.set(table, new ArrayList<>(batch));
                        }
                    }
                }
            }
        }
        for (int t = 0; t < pending.size(); t++) {
            if (!pending.get(t).isEmpty()) {
                put(queue, new Chunk(t, pending.get(t)), writers);
            }
        }
    }

    /** Queues a chunk, giving up as soon as a writer has failed (it would never take it). */
    private static void put(BlockingQueue<Chunk> queue, Chunk c, List<Future<?>> writers)
            throws SQLException, InterruptedException {
        while (!queue.offer(c, 100, TimeUnit.MILLISECONDS)) {
            for (Future<?> f : writers) {
                if (f.isDone()) {
                    await(f);
                }
            }
        }
    }

    private static void await(Future<?> f) throws SQLException, InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw new SQLException("baseline writer failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    private Void write(List<TableDef> defs, BlockingQueue<Chunk> queue, LongAdder done)
            throws SQLException, InterruptedException {
        Map<Long, String> sql = new HashMap<>();
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            for (Chunk chunk = queue.take(); chunk != END; chunk = queue.take()) {
                TableDef def = defs.get(chunk.table());
                int rows = chunk.rows().size();
                String text = sql.computeIfAbsent(((long) chunk.table() << 32) | rows, k -> insertSql(def, rows));
                try (PreparedStatement ps = c.prepareStatement(text)) {
                    int p = 1;
                    for (SecondaryBinlog.Row row : chunk.rows()) {
                        for (int i = 0; i < def.columns().size(); i++) {
                            bind(ps, p++, def.columns().get(i), row.getColumns(i));
                        }
                    }
                    ps.executeUpdate();
                }
                c.commit();
                done.add(chunk.rows().size());
            }
        }
        return null;
    }

    private static String insertSql(TableDef def, int rows) {
        String columns = String.join(",", def.columnNames().stream().map(SqlLiterals::ident).toList());
        String tuple = "(" + String.join(",", Collections.nCopies(def.columns().size(), "?")) + ")";
        return "INSERT INTO " + SqlLiterals.qualified(def.schema(), def.name()) + " (" + columns + ") VALUES "
                + String.join(",", Collections.nCopies(rows, tuple));
    }

    private static void bind(PreparedStatement ps, int index, ColumnDef c, SecondaryBinlog.Column v)
            throws SQLException {
        if (v.getIsNull()) {
            ps.setNull(index, Types.NULL);
            return;
        }
        switch (c.type()) {
            case BIGINT, INT, SMALLINT -> ps.setLong(index, v.getInt64Value());
            case DOUBLE -> ps.setDouble(index, v.getDoubleValue());
            case VARBINARY -> ps.setBytes(index, v.getBytesValue().toByteArray());
            case DECIMAL, DATETIME, VARCHAR, TEXT -> ps.setString(index, v.getStringValue());
            default -> throw new IllegalArgumentException(c.name() + ": the baseline has no binding for " + c.type());
        }
    }
}
