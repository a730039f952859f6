package dev.drainer.runtime.loader;

import com.mysql.cj.jdbc.ClientPreparedStatement;
import dev.drainer.checkpoint.ConnectionFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Applies upstream transactions to a MySQL-compatible downstream the way the Go drainer's loader
 * does (spec 8.2-8.7): row changes of consecutive transactions are routed to {@code worker-count}
 * connections so that changes sharing a key commit in order ({@link ChunkRouter}), and committed in chunks of
 * {@code txn-batch}; a DDL runs alone after everything before it. {@link #apply} returns only when
 * every transaction of the batch is applied, so callers may treat the whole batch as done. Inside a
 * chunk, rows are merged into multi-row statements where that gives the same result
 * ({@link ChunkPlanner}); deterministic refusals fail at once, the others are retried
 * ({@link DownstreamError}); docs/loader.md tells the whole story.
 *
 * <p>Because chunks commit independently, a crash mid-batch leaves the downstream torn; that is what
 * the relay log and {@code recover} repair.
 */
public final class Loader implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Loader.class.getName());
    private static final Pattern CREATE_DATABASE = Pattern.compile("^\\s*CREATE\\s+(DATABASE|SCHEMA)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final long FIRST_LOCK_CONFLICT_PAUSE_MS = 5;
    private static final long MAX_LOCK_CONFLICT_PAUSE_MS = 50;
    /** A worker's text buffer to start with; it grows to the largest statement and keeps up to 1 MiB (SqlText). */
    private static final int STATEMENT_TEXT_BYTES = 64 << 10;

    private final LoaderOptions options;
    private final WorkerSessions sessions;
    /** One thread per worker: a worker's chunks run one after the other, in the order they were queued. */
    private final ThreadPoolExecutor[] workers;
    /** Each worker's statement text, written anew for every statement. */
    private final SqlText[] texts;
    /** The session the dispatching thread reads table metadata on, apart from the workers' sessions. */
    private final int metadataSession;
    private final TableInfoCache tables = new TableInfoCache();
    private final LongAdder rowsApplied = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder statements = new LongAdder();
    private final LongAdder rowsMerged = new LongAdder();
    private final LongAdder rowsFolded = new LongAdder();
    private volatile boolean safeMode;

    public Loader(ConnectionFactory connections, LoaderOptions options, boolean safeMode) {
        this.options = options;
        this.safeMode = safeMode;
        this.metadataSession = options.workerCount();
        this.sessions = new WorkerSessions(connections, options.workerCount() + 1);
        this.workers = new ThreadPoolExecutor[options.workerCount()];
        this.texts = new SqlText[options.workerCount()];
        for (int i = 0; i < workers.length; i++) {
            String name = "loader-worker-" + i;
            // A single thread whose queue can be measured (queue_size{name="worker_N"}).
            texts[i] = new SqlText(STATEMENT_TEXT_BYTES);
            workers[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
    }

    /** Chunks waiting for {@code worker} behind the one it runs (the Go drainer's per-worker queue length). */
    public int queuedChunks(int worker) {
        return workers[worker].getQueue().size();
    }

    public LoaderOptions options() {
        return options;
    }

    public void setSafeMode(boolean on) {
        safeMode = on;
    }

    public boolean safeMode() {
        return safeMode;
    }

    /** Row changes applied so far (metric binlog_drainer_event by type is kept by the caller). */
    public long rowsApplied() {
        return rowsApplied.sum();
    }

    /** DML statements of committed chunks: with merging on, fewer than {@link #rowsApplied()}. */
    public long statementsExecuted() {
        return statements.sum();
    }

    /** Row changes of committed chunks that shared a multi-row statement with at least one other. */
    public long rowsMerged() {
        return rowsMerged.sum();
    }

    /** Row changes of committed chunks folded into an earlier change of the same row ({@link ChunkFolder}). */
    public long rowsFolded() {
        return rowsFolded.sum();
    }

    /** Downstream statements or chunks that had to be tried again. */
    public long retries() {
        return retries.sum();
    }

    /** Applies {@code batch} in order; on return every transaction in it is committed downstream. */
    public void apply(List<Txn> batch) throws LoaderException {
        Stage stage = new Stage();
        for (Txn txn : batch) {
            if (txn.isDdl()) {
                stage.run();
                executeDdl(txn);
            } else if (!options.enableDispatch()) {
                // One upstream transaction, one downstream transaction.
                if (!txn.dmls().isEmpty()) {
                    runChunk(0, txn.dmls().size(), c -> bind(c, txn.dmls()));
                }
            } else {
                for (Dml dml : txn.dmls()) {
                    stage.add(dml);
                }
            }
        }
        stage.run();
    }

    /**
     * The row changes queued for parallel execution until the next DDL or the end of the batch. A
     * worker's chunk starts as soon as it holds {@code txn-batch} changes, or when a change of another
     * worker needs it committed first ({@link ChunkRouter}), so the workers apply while the rest of the
     * batch is still being routed; {@link #run} starts the partial chunks and waits for all of them.
     */
    private final class Stage {
        private final ChunkRouter<BoundDml, CausalityKey> router = new ChunkRouter<>(options.workerCount(),
                options.txnBatch(), options.enableCausality(), Loader.this::workerOf, b -> b.dml().quotedTable(), this::start);
        private final List<ChunkRouter.Chunk<BoundDml>> started = new ArrayList<>();
        /** The first chunk's failure: the chunks queued after it are not run, and the batch fails with it. */
        private final AtomicReference<LoaderException> failure = new AtomicReference<>();

        void add(Dml dml) throws LoaderException {
            TableInfo info = tableInfo(metadataSession, dml);
            List<CausalityKey> keys = CausalityKeys.of(dml, info);
            router.add(bind(dml, info, keys), keys);
        }

        private void start(ChunkRouter.Chunk<BoundDml> chunk) {
            started.add(chunk);
            workers[chunk.worker].execute(() -> {
                try {
                    // Throws when one of them failed: this chunk is then not run either.
                    for (ChunkRouter.Chunk<BoundDml> before : chunk.after) {
                        before.done.join();
                    }
                    if (failure.get() == null) {
                        runChunk(chunk.worker, chunk.rows.size(), c -> chunk.rows);
                        chunk.done.complete(null);
                        return;
                    }
                    chunk.done.cancel(false);
                } catch (LoaderException e) {
                    failure.compareAndSet(null, e);
                    chunk.done.completeExceptionally(e);
                } catch (CompletionException | CancellationException e) {
                    chunk.done.completeExceptionally(e);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, new LoaderException("loader worker failed: " + e, e));
                    chunk.done.completeExceptionally(e);
                }
            });
        }

        void run() throws LoaderException {
            router.sealAll();
            for (ChunkRouter.Chunk<BoundDml> c : started) {
                try {
                    c.done.get();
                } catch (ExecutionException | CancellationException e) {
                    // Reported through failure, which holds the cause rather than the chunks that waited for it.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LoaderException("interrupted while waiting for loader workers", e);
                }
            }
            started.clear();
            LoaderException f = failure.getAndSet(null);
            if (f != null) {
                throw f;
            }
        }
    }

    /**
     * A stable hash of a key modulo worker-count: where a change goes without causality detection
     * ({@link ChunkRouter}), so that one key stays on one worker. The Go drainer takes the crc32 of its key
     * string; any stable function does.
     */
    private int workerOf(CausalityKey group) {
        int h = group.hashCode() * 0x9E3779B9;
        return Integer.remainderUnsigned(h ^ (h >>> 16), options.workerCount());
    }

    private TableInfo tableInfo(int worker, Dml dml) throws LoaderException {
        SQLException last = null;
        for (int attempt = 1; attempt <= options.dmlAttempts(); attempt++) {
            try {
                return tables.get(sessions.get(worker).connection(), dml.database(), dml.table());
            } catch (SQLException e) {
                last = e;
                sessions.drop(worker);
                if (DownstreamError.of(e) == DownstreamError.DETERMINISTIC) {
                    throw new LoaderException("cannot read downstream table info of " + dml.quotedTable()
                            + ": MySQL error " + e.getErrorCode() + ": " + e.getMessage(), e, true);
                }
                retried("table-info " + dml.quotedTable(), attempt, options.dmlAttempts(), e);
            }
        }
        throw new LoaderException("cannot read downstream table info of " + dml.quotedTable() + ": "
                + last.getMessage(), last);
    }

    /**
     * One downstream transaction holding a chunk of {@code rows} row changes, which {@code binder} gives each
     * attempt on its connection, tried until it commits or attempts run out. Every attempt runs the whole
     * chunk, on a fresh connection unless the last one lost a lock conflict, so a lost connection neither
     * loses nor reorders its rows. When a COMMIT fails with the connection, its outcome is unknown: the next
     * attempts run in safe mode, which gives the same rows whether or not that COMMIT took effect.
     */
    private void runChunk(int worker, int rows, ChunkBinder binder) throws LoaderException {
        boolean safe = safeMode;
        int lockConflicts = 0;
        SQLException last = null;
        PlannedStatement failed = null;
        for (int attempt = 1; attempt <= options.dmlAttempts(); attempt++) {
            options.probe().accept("loader.chunk.begin");
            Connection c = null;
            long connectionId = 0;
            PlannedStatement current = null;
            boolean committing = false;
            try {
                WorkerSessions.Session session = sessions.get(worker);
                c = session.connection();
                connectionId = session.id();
                // Connector/J sends SET autocommit on every call (a round trip per chunk); the flag it reads here is local.
                if (c.getAutoCommit()) {
                    c.setAutoCommit(false);
                }
                List<BoundDml> changes = binder.bind(c);
                // Safe mode replays over rows that may already hold later changes: there every change runs as it came.
                List<BoundDml> folded = safe || !options.multiRow() ? changes : ChunkFolder.fold(changes);
                List<PlannedStatement> plan = ChunkPlanner.plan(folded, safe, options.multiRow(), session.statementBudget());
                // Inside the transaction, after some of its statements: where a crash tears the downstream.
                int midAfter = rows >= 2 ? (plan.size() + 1) / 2 : -1;
                for (int i = 0; i < plan.size(); i++) {
                    current = plan.get(i);
                    long start = System.nanoTime();
                    InlineSql text = current.writeTo(new InlineSql(texts[worker].clear(), session.noBackslashEscapes()));
                    execute(c, current.kind().name(), text);
                    options.timer().observe("exec", System.nanoTime() - start);
                    if (i + 1 == midAfter) {
                        options.probe().accept("loader.chunk.mid");
                    }
                }
                current = null;
                committing = true;
                long commitStart = System.nanoTime();
                c.commit();
                options.timer().observe("commit", System.nanoTime() - commitStart);
                rowsApplied.add(rows);
                rowsFolded.add(changes.size() - folded.size());
                statements.add(plan.size());
                plan.stream().filter(p -> p.rows() > 1).forEach(p -> rowsMerged.add(p.rows()));
                options.probe().accept("loader.chunk.committed");
                return;
            } catch (RuntimeException e) {
                // A fault of ours (a value no statement form takes, a bug) between the chunk's statements: the
                // transaction must not stay open, or its row locks would hold every other worker that touches
                // those rows for a lock wait timeout per attempt. Another attempt would meet the same fault.
                rollbackQuietly(c);
                sessions.drop(worker);
                throw new LoaderException("loader failed on " + describe(current, rows) + " (rolled back): " + e, e, true);
            } catch (SQLException e) {
                last = e;
                failed = current;
                // A lock conflict leaves a sound session once its transaction is rolled back: keeping it saves a
                // reconnect (a TLS handshake, in production) per deadlock, of which a busy loader meets many.
                boolean lockConflict = DownstreamError.lockConflict(e);
                if (!rollbackQuietly(c) || !lockConflict) {
                    sessions.drop(worker);
                }
                DownstreamError kind = DownstreamError.of(e);
                if (kind == DownstreamError.DETERMINISTIC) {
                    throw new LoaderException("downstream refused " + describe(current, rows) + ": MySQL error "
                            + e.getErrorCode() + " (state " + e.getSQLState() + "): " + e.getMessage()
                            + "; not retried, the same rows would fail again", e, true);
                }
                if (committing && kind == DownstreamError.CONNECTION_LOST && !safe) {
                    safe = true;
                    LOG.log(System.Logger.Level.WARNING, "commit outcome unknown worker={0} connection={1} rows={2}"
                            + " action=\"run the chunk again in safe mode\"", worker, connectionId, rows);
                }
                Duration pause = lockConflict ? lockConflictPause(++lockConflicts) : options.retryBackoff();
                retried("chunk worker=" + worker + " connection=" + connectionId + " error=" + kind + " "
                        + describe(current, rows), attempt, options.dmlAttempts(), e, pause);
            }
        }
        throw new LoaderException("downstream refused " + describe(failed, rows) + " after "
                + options.dmlAttempts() + " attempts: MySQL error " + last.getErrorCode() + ": " + last.getMessage(), last);
    }

    /** The row changes of a chunk, as each attempt reads them on its own connection. */
    @FunctionalInterface
    private interface ChunkBinder {
        List<BoundDml> bind(Connection c) throws SQLException;
    }

    /** The chunk's row changes restricted to the downstream columns, with their tables' metadata. */
    private List<BoundDml> bind(Connection c, List<Dml> dmls) throws SQLException {
        List<BoundDml> bound = new ArrayList<>(dmls.size());
        for (Dml dml : dmls) {
            TableInfo info = tables.get(c, dml.database(), dml.table());
            bound.add(bind(dml, info, CausalityKeys.of(dml, info)));
        }
        return bound;
    }

    /**
     * {@code dml} restricted to the downstream columns; {@code keys} (those of {@code dml}) serve the planner
     * as they are unless the restriction dropped a column, which may change a key.
     */
    private static BoundDml bind(Dml dml, TableInfo info, List<CausalityKey> keys) {
        Dml restricted = restrict(dml, info);
        return restricted == dml ? new BoundDml(dml, info, keys) : BoundDml.of(restricted, info);
    }

    private static String describe(PlannedStatement st, int chunkRows) {
        if (st == null) {
            return "a chunk of " + chunkRows + " row changes";
        }
        return st.kind() + " of " + st.rows() + " row(s) in " + st.table() + " keys=" + st.keys() + " (chunk of "
                + chunkRows + " row changes; statement " + abbreviate(st.statement().sql()) + ")";
    }

    private void executeDdl(Txn txn) throws LoaderException {
        Ddl ddl = txn.ddl();
        boolean needsDb = !CREATE_DATABASE.matcher(ddl.sql()).find();
        if (needsDb && (ddl.database() == null || ddl.database().isEmpty())) {
            throw new LoaderException("DDL at commit ts " + txn.commitTs() + " has no database: " + ddl.sql(), null);
        }
        SQLException last = null;
        options.probe().accept("loader.ddl.before");
        for (int attempt = 1; attempt <= options.ddlAttempts(); attempt++) {
            Connection c = null;
            try {
                c = sessions.get(0).connection();
                c.setAutoCommit(true);
                try (java.sql.Statement s = c.createStatement()) {
                    if (needsDb) {
                        s.execute("USE " + SqlBuilder.quote(ddl.database()));
                    }
                    long start = System.nanoTime();
                    s.execute(ddl.sql());
                    options.timer().observe("exec", System.nanoTime() - start);
                }
                done(ddl, txn);
                return;
            } catch (SQLException e) {
                Optional<String> applied = c == null ? Optional.empty() : alreadyApplied(c, ddl, e);
                if (applied.isPresent()) {
                    LOG.log(System.Logger.Level.WARNING, "ddl counts as applied commitTS={0} db={1} code={2} reason=\"{3}\""
                            + " cause={4} sql={5}", txn.commitTs(), ddl.database(), e.getErrorCode(), applied.get(),
                            e.getMessage(), ddl.sql());
                    done(ddl, txn);
                    return;
                }
                last = e;
                sessions.drop(0);
                retried("ddl " + abbreviate(ddl.sql()), attempt, options.ddlAttempts(), e);
            }
        }
        // A schema the DDL does not fit is no outage: say so, so recover exits 1 rather than "retry later".
        throw new LoaderException("downstream refused DDL at commit ts " + txn.commitTs() + " after "
                + options.ddlAttempts() + " attempts: " + ddl.sql() + ": MySQL error " + last.getErrorCode() + ": "
                + last.getMessage(), last,
                DdlReplay.schemaState(last) || DownstreamError.of(last) == DownstreamError.DETERMINISTIC);
    }

    /** {@link DdlReplay}'s verdict; a session that fails while it looks counts as "not applied" (retried). */
    private static Optional<String> alreadyApplied(Connection c, Ddl ddl, SQLException e) {
        try {
            return DdlReplay.alreadyApplied(c, ddl.database(), ddl.sql(), e);
        } catch (SQLException lookup) {
            e.addSuppressed(lookup);
            return Optional.empty();
        }
    }

    private void done(Ddl ddl, Txn txn) {
        tables.invalidate();
        LOG.log(System.Logger.Level.INFO, "ddl applied commitTS={0} db={1} sql={2}", txn.commitTs(),
                ddl.database(), ddl.sql());
        options.probe().accept("loader.ddl.after");
    }

    /** The change without values of columns the downstream does not have as regular columns. */
    private static Dml restrict(Dml dml, TableInfo info) {
        if (info.columns().containsAll(dml.values().keySet()) && info.columns().containsAll(dml.oldValues().keySet())) {
            return dml;
        }
        Map<String, Object> values = new LinkedHashMap<>(dml.values());
        Map<String, Object> old = new LinkedHashMap<>(dml.oldValues());
        values.keySet().retainAll(info.columns());
        old.keySet().retainAll(info.columns());
        return new Dml(dml.database(), dml.table(), dml.type(), values, old);
    }

    /**
     * Sends a statement written with its values inlined as literals ({@link InlineSql}), which the driver sends
     * without parsing them: the text the server gets means what Connector/J's client-side prepared statement sent
     * before.
     *
     * @param verb the statement's first word, which {@code text} starts with, followed by a space
     */
    static void execute(Connection c, String verb, InlineSql text) throws SQLException {
        // The text goes out as the bytes written: a client-side statement of its keyword and one placeholder,
        // bound unescaped, is sent as the keyword and exactly those bytes (the driver's own updatable result
        // sets bind a raw DEFAULT that way). A String would be encoded by the driver a second time. The
        // driver only counts placeholders after a statement's first word, hence the keyword.
        try (PreparedStatement ps = c.prepareStatement(verb + " ?")) {
            ps.unwrap(ClientPreparedStatement.class).setBytes(1, text.bytesAfter(verb), false);
            // Every planned statement is one SQL statement (updates too, since they are joined), so there is
            // one result to read.
            ps.execute();
        }
    }

    /**
     * Whether {@code c}'s transaction was rolled back; when not, the caller drops the connection, and the
     * transaction dies with it.
     */
    private static boolean rollbackQuietly(Connection c) {
        if (c == null) {
            return false;
        }
        try {
            c.rollback();
            return true;
        } catch (SQLException ignored) {
            return false;
        }
    }

    private void retried(String what, int attempt, int max, SQLException e) throws LoaderException {
        retried(what, attempt, max, e, options.retryBackoff());
    }

    private void retried(String what, int attempt, int max, SQLException e, Duration pause) throws LoaderException {
        retries.increment();
        LOG.log(System.Logger.Level.WARNING, "downstream write failed what={0} attempt={1}/{2} code={3} state={4} pauseMs={5} cause={6}",
                what, attempt, max, e.getErrorCode(), e.getSQLState(), pause.toMillis(), e.getMessage());
        if (attempt < max) {
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new LoaderException("interrupted while retrying " + what, ie);
            }
        }
    }

    /**
     * 5 ms doubling up to 50 ms, each drawn from its upper half: the transaction that won the lock has
     * committed or is about to, and the jitter keeps two losers from meeting again in step.
     */
    static Duration lockConflictPause(int conflicts) {
        long ceiling = Math.min(MAX_LOCK_CONFLICT_PAUSE_MS, FIRST_LOCK_CONFLICT_PAUSE_MS << Math.min(conflicts - 1, 4));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "...";
    }

    @Override
    public void close() {
        for (ExecutorService w : workers) {
            w.shutdownNow();
        }
        sessions.close();
    }
}
