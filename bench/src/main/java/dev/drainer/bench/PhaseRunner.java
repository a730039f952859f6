package dev.drainer.bench;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointException;
import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.config.DrainerConfig;
import dev.drainer.relay.RelayOptions;
import dev.drainer.relay.RelayWriter;
import dev.drainer.runtime.RuntimeFactory;
import dev.drainer.runtime.loader.Loader;
import dev.drainer.runtime.loader.LoaderException;
import dev.drainer.runtime.loader.LoaderOptions;
import dev.drainer.runtime.loader.Txn;
import dev.drainer.runtime.recovery.Recovery;
import dev.drainer.runtime.recovery.RecoveryResult;
import dev.drainer.runtime.syncer.Pipeline;
import dev.drainer.runtime.translate.SecondaryBinlogTranslator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs the drainer's measured phases on a workload, each from freshly created empty tables and a fresh
 * checkpoint, and verifies the downstream after each. Only the apply is timed: table creation, relay
 * preparation for recovery and verification are not.
 */
final class PhaseRunner {
    /** The checkpoint row every phase uses. */
    static final long CLUSTER_ID = 7_300_000_000_000_000_001L;
    private static final Consumer<String> NO_PROBE = p -> { };
    /** Safe mode off from the first batch: the steady state, as after the drainer's first five minutes. */
    private static final Pipeline.Options STEADY_STATE = new Pipeline.Options(Duration.ofSeconds(3), Duration.ZERO,
            NO_PROBE);

    private final Downstream db;
    private final String checkpointSchema;
    private final Path workDir;
    private final int workers;
    private final int txnBatch;
    private final Monitor monitor;
    private final Verifier verifier;

    PhaseRunner(Downstream db, String checkpointSchema, Path workDir, int workers, int txnBatch, Monitor monitor) {
        this.db = db;
        this.checkpointSchema = checkpointSchema;
        this.workDir = workDir;
        this.workers = workers;
        this.txnBatch = txnBatch;
        this.monitor = monitor;
        this.verifier = new Verifier(db);
    }

    /** The workload through {@link Pipeline}: syncer, relay log as {@code phase} says, loader, checkpoint. */
    PhaseResult pipeline(BenchWorkload w, Phase phase) throws Exception {
        return pipeline(w, phase, w.name() + "/" + phase.id);
    }

    /** The untimed warm-up pass: {@code relay-fsync-commit}, its progress lines named apart from the phase's. */
    PhaseResult warmup(BenchWorkload w) throws Exception {
        return pipeline(w, Phase.RELAY_FSYNC_COMMIT, "warmup/" + w.name());
    }

    private PhaseResult pipeline(BenchWorkload w, Phase phase, String progressLabel) throws Exception {
        Path relay = phase == Phase.NO_RELAY ? null : workDir.resolve("relay-" + w.name() + "-" + phase.id);
        DrainerConfig cfg = prepare(w, relay, phase == Phase.RELAY_FSYNC_OFF ? "off" : "commit");
        LongAdder fed = new LongAdder();
        monitor.phaseStarted(progressLabel, w.rows(), fed::sum);
        long t0 = System.nanoTime();
        long applied;
        try (WorkloadFile.Reader reader = new WorkloadFile.Reader(w.file())) {
            BinlogSource source = new BinlogSource(reader, new SecondaryBinlogTranslator(cfg.syncer().relay().legacyZone()), fed);
            applied = Pipeline.runItems(cfg, CLUSTER_ID, w.firstCommitTs() - 1, source, STEADY_STATE);
        } finally {
            monitor.phaseEnded();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> problems = new ArrayList<>();
        if (applied != w.txns()) {
            problems.add("pipeline applied " + applied + " transactions, the workload has " + w.txns());
        }
        checkCheckpoint(cfg, w, problems);
        deleteTree(relay);
        return finish(w, phase, seconds, 0, "", problems);
    }

    /**
     * {@code drainer recover} on a relay log holding the whole workload behind a {@code consistent=false}
     * checkpoint: timed from the loader's creation to the saved {@code consistent=true}, as the command does.
     */
    PhaseResult recovery(BenchWorkload w) throws Exception {
        Path relay = workDir.resolve("relay-" + w.name() + "-recovery");
        DrainerConfig cfg = prepare(w, relay, "commit");
        RelayOptions relayOptions = RuntimeFactory.relayOptions(cfg, NO_PROBE);
        try (RelayWriter writer = RelayWriter.open(relay, relayOptions);
             WorkloadFile.Reader reader = new WorkloadFile.Reader(w.file())) {
            for (byte[] b = reader.next(); b != null; b = reader.next()) {
                writer.append(b);
            }
        }
        CheckpointStore store = RuntimeFactory.checkpointStore(cfg);
        store.createIfMissing();
        store.save(CLUSTER_ID, Checkpoint.at(w.firstCommitTs() - 1, false));
        long t0 = System.nanoTime();
        RecoveryResult r;
        try (store; Loader loader = new Loader(RuntimeFactory.loaderEndpoint(cfg), RuntimeFactory.loaderOptions(cfg, NO_PROBE),
                true)) {
            monitor.phaseStarted(w.name() + "/" + Phase.RECOVERY.id, w.rows(), loader::rowsApplied);
            r = new Recovery(store, loader, relay, relayOptions,
                    new SecondaryBinlogTranslator(cfg.syncer().relay().legacyZone()), Duration.ofMinutes(10), NO_PROBE)
                    .run(OptionalLong.of(CLUSTER_ID));
        } finally {
            monitor.phaseEnded();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<String> problems = new ArrayList<>();
        if (!r.recovered() || r.commitTs() != w.lastCommitTs() || r.txns() != w.txns()) {
            problems.add("recovery: " + r + "; expected " + w.txns() + " transactions up to commit ts "
                    + w.lastCommitTs());
        }
        checkCheckpoint(cfg, w, problems);
        deleteTree(relay);
        return finish(w, Phase.RECOVERY, seconds, r.relayBytes(), "", problems);
    }

    /**
     * The loader with one statement per row change (the Go drainer's SQL forms), fed batches as the
     * syncer feeds them, without relay log or checkpoint: the reference the multi-row path improves on.
     */
    PhaseResult oneRow(BenchWorkload w, String note) throws Exception {
        DrainerConfig cfg = prepare(w, null, "commit");
        LoaderOptions options = RuntimeFactory.loaderOptions(cfg, NO_PROBE).withMultiRow(false);
        SecondaryBinlogTranslator translator = new SecondaryBinlogTranslator(cfg.syncer().relay().legacyZone());
        long t0 = System.nanoTime();
        try (Loader loader = new Loader(RuntimeFactory.loaderEndpoint(cfg), options, false);
             WorkloadFile.Reader reader = new WorkloadFile.Reader(w.file())) {
            monitor.phaseStarted(w.name() + "/" + Phase.ONE_ROW.id, w.rows(), loader::rowsApplied);
            List<Txn> batch = new ArrayList<>();
            int dmls = 0;
            for (byte[] b = reader.next(); b != null; b = reader.next()) {
                Txn txn = translator.toTxn(b, null);
                batch.add(txn);
                dmls += txn.dmls().size();
                if (dmls >= options.batchDmlLimit()) {
                    apply(loader, batch);
                    dmls = 0;
                }
            }
            apply(loader, batch);
        } finally {
            monitor.phaseEnded();
        }
        return finish(w, Phase.ONE_ROW, (System.nanoTime() - t0) / 1e9, 0, note, new ArrayList<>());
    }

    private static void apply(Loader loader, List<Txn> batch) throws LoaderException {
        loader.apply(batch);
        batch.clear();
    }

    /** Empty tables, no checkpoint row, no relay directory; the phase's configuration. */
    private DrainerConfig prepare(BenchWorkload w, Path relay, String fsync) throws SQLException, IOException {
        db.recreate(w.rowFactory().def(0).schema(), w.rowFactory().defs());
        db.drop(checkpointSchema);
        deleteTree(relay);
        System.gc(); // so garbage of the previous phase is not collected on this one's time
        return BenchConfig.of(db, workers, txnBatch, checkpointSchema, relay, fsync);
    }

    private static void checkCheckpoint(DrainerConfig cfg, BenchWorkload w, List<String> problems)
            throws CheckpointException {
        Optional<Checkpoint> cp;
        try (CheckpointStore store = RuntimeFactory.checkpointStore(cfg)) {
            cp = store.load(CLUSTER_ID);
        }
        if (cp.isEmpty() || !cp.get().consistent() || cp.get().commitTs() != w.lastCommitTs()) {
            problems.add("checkpoint " + cp.map(Object::toString).orElse("missing") + ", expected consistent=true at "
                    + w.lastCommitTs());
        }
    }

    private PhaseResult finish(BenchWorkload w, Phase phase, double seconds, long relayBytes, String note,
                               List<String> problems) throws SQLException {
        Verifier.Outcome v = verifier.verify(w);
        problems.addAll(v.problems());
        return new PhaseResult(w.name(), phase, w.rows(), seconds, relayBytes, note, v.checks(), problems);
    }

    static void deleteTree(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
