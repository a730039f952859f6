package dev.drainer.runtime.syncer;

import dev.drainer.checkpoint.CheckpointException;
import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.config.DrainerConfig;
import dev.drainer.proto.secondary.SecondaryBinlog;
import dev.drainer.relay.RelayWriter;
import dev.drainer.runtime.RuntimeFactory;
import dev.drainer.runtime.loader.Loader;
import dev.drainer.runtime.loader.LoaderException;
import dev.drainer.runtime.loader.LoaderOptions;
import dev.drainer.runtime.metrics.DrainerMetrics;
import dev.drainer.runtime.metrics.MetricRegistry;
import dev.drainer.runtime.translate.SecondaryBinlogTranslator;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Assembles relay writer, loader and checkpoint from a configuration and runs a {@link Syncer} over
 * a source of transactions in commit-ts order, closing cleanly ({@code consistent=true}) at its end.
 * The upstream side (pumps, merger) will be one such source; the demo and the crash tests are others.
 */
public final class Pipeline {
    private static final System.Logger LOG = System.getLogger(Pipeline.class.getName());

    /**
     * Pipeline knobs that are not in {@code drainer.toml}.
     *
     * @param saveInterval    checkpoint save interval (the Go drainer: 3 s)
     * @param initialSafeMode how long safe mode is forced on after start (the Go drainer: 5 minutes)
     * @param probe           called at named points, for crash tests
     * @param ddlVersions     schema versions of the source's DDLs, for the checkpoint's {@code schema-version}
     * @param metrics         where the syncer's and the loader's timings and queue sizes go
     */
    public record Options(Duration saveInterval, Duration initialSafeMode, Consumer<String> probe,
                          DdlSchemaVersions ddlVersions, DrainerMetrics metrics) {
        /** Options of a source that records no schema versions (relay replays, workloads), metrics nobody reads. */
        public Options(Duration saveInterval, Duration initialSafeMode, Consumer<String> probe) {
            this(saveInterval, initialSafeMode, probe, new DdlSchemaVersions(), new DrainerMetrics(new MetricRegistry()));
        }

        /** The Go drainer's timings, no probe. */
        public static Options defaults() {
            return new Options(Duration.ofSeconds(3), Duration.ofMinutes(5), p -> { });
        }

        public Options withProbe(Consumer<String> p) {
            return new Options(saveInterval, initialSafeMode, p, ddlVersions, metrics);
        }

        public Options withDdlVersions(DdlSchemaVersions v) {
            return new Options(saveInterval, initialSafeMode, probe, v, metrics);
        }

        public Options withMetrics(DrainerMetrics m) {
            return new Options(saveInterval, initialSafeMode, probe, ddlVersions, m);
        }
    }

    private Pipeline() {
    }

    /**
     * Applies every transaction of {@code source} above the checkpoint of {@code clusterId}; returns the
     * number applied in this run.
     */
    public static long run(DrainerConfig cfg, long clusterId, long initialCommitTs,
                           Iterator<SecondaryBinlog.Binlog> source, Options options)
            throws IOException, SQLException, CheckpointException, LoaderException, InterruptedException {
        SecondaryBinlogTranslator translator = new SecondaryBinlogTranslator(cfg.syncer().relay().legacyZone());
        Iterator<SyncItem> items = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return source.hasNext();
            }

            @Override
            public SyncItem next() {
                return SyncItem.Apply.of(source.next(), translator);
            }
        };
        return runItems(cfg, clusterId, initialCommitTs, items, options);
    }

    /**
     * As {@link #run}, for a source that also has advance-only items (the pump stream's fakes and
     * skipped binlogs, spec §1.6). The feeder thread calls the source, so {@link SyncItem.Apply#of}
     * there runs on it rather than on the syncer's.
     */
    public static long runItems(DrainerConfig cfg, long clusterId, long initialCommitTs, Iterator<SyncItem> source,
                                Options options)
            throws IOException, SQLException, CheckpointException, LoaderException, InterruptedException {
        CheckpointStore store = RuntimeFactory.checkpointStore(cfg);
        CheckpointKeeper checkpoint = new CheckpointKeeper(store, clusterId,
                options.saveInterval(), Clock.systemUTC(), options.probe(), options.ddlVersions());
        RelayWriter relay = cfg.syncer().relay().enabled()
                ? RelayWriter.open(Path.of(cfg.syncer().relay().logDir()), RuntimeFactory.relayOptions(cfg, options.probe()))
                : null;
        DrainerMetrics metrics = options.metrics();
        LoaderOptions loaderOptions = RuntimeFactory.loaderOptions(cfg, options.probe())
                .withTimer((type, nanos) -> metrics.queryDurationTime.labels(type).observe(nanos / 1e9));
        try (Loader loader = new Loader(RuntimeFactory.loaderEndpoint(cfg), loaderOptions, true)) {
            checkpoint.open(initialCommitTs);
            Syncer syncer = new Syncer(relay, loader, checkpoint, Clock.systemUTC(), options.initialSafeMode(),
                    cfg.syncer().safeMode(), metrics);
            SyncQueue queue = new SyncQueue(loader.options().batchDmlLimit());
            AtomicReference<RuntimeException> sourceFailure = new AtomicReference<>();
            Thread feeder = new Thread(() -> feed(source, queue, sourceFailure), "pipeline-source");
            feeder.setDaemon(true);
            feeder.start();
            syncer.run(queue);
            if (sourceFailure.get() != null) {
                // What was applied is whole, but the run did not end cleanly: leave consistent=false.
                throw new IOException("transaction source failed after " + syncer.appliedTxns()
                        + " applied transactions: " + sourceFailure.get().getMessage(), sourceFailure.get());
            }
            checkpoint.closeCleanly();
            LOG.log(System.Logger.Level.INFO, "pipeline finished txns={0} checkpointTS={1}", syncer.appliedTxns(),
                    checkpoint.current().commitTs());
            return syncer.appliedTxns();
        } finally {
            store.close();
            if (relay != null) {
                relay.close();
            }
        }
    }

    private static void feed(Iterator<SyncItem> source, SyncQueue queue,
                             AtomicReference<RuntimeException> failure) {
        try {
            try {
                while (source.hasNext()) {
                    queue.put(source.next());
                }
            } catch (RuntimeException e) {
                failure.set(e);
            }
            // Always end the input, or the syncer would wait forever for a source that died.
            queue.put(SyncItem.END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
