package dev.drainer.runtime.run;

import dev.drainer.proto.secondary.SecondaryBinlog;
import dev.drainer.runtime.merge.Merger;
import dev.drainer.runtime.metrics.DrainerMetrics;
import dev.drainer.runtime.pump.PumpBinlog;
import dev.drainer.runtime.syncer.DdlSchemaVersions;
import dev.drainer.runtime.syncer.SyncItem;
import dev.drainer.runtime.translate.SecondaryBinlogTranslator;
import dev.drainer.runtime.translate.TiBinlogTranslator;
import dev.drainer.runtime.translate.Translation;
import java.util.Iterator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The merged pump stream translated into what {@code Pipeline.runItems} takes. Skips (fakes,
 * filtered or ignored transactions, skipped DDLs) become advance-only items, so the checkpoint
 * follows an idle upstream once everything before them is applied (spec §1.6). Counts
 * {@code ddl_jobs_total} and {@code event} (Insert, Update, Delete, DDL) as items are handed on.
 */
final class TranslatingSource implements Iterator<SyncItem> {
    private static final System.Logger LOG = System.getLogger(TranslatingSource.class.getName());

    private final Merger<PumpBinlog> merger;
    private final TiBinlogTranslator translator;
    private final SecondaryBinlogTranslator loaderTranslator;
    private final DdlSchemaVersions ddlVersions;
    private final DrainerMetrics metrics;
    private final LongAdder skipped = new LongAdder();
    private volatile long lastEmitNanos = System.nanoTime();

    TranslatingSource(Merger<PumpBinlog> merger, TiBinlogTranslator translator, SecondaryBinlogTranslator loaderTranslator,
                      DdlSchemaVersions ddlVersions, DrainerMetrics metrics) {
        this.merger = merger;
        this.translator = translator;
        this.loaderTranslator = loaderTranslator;
        this.ddlVersions = ddlVersions;
        this.metrics = metrics;
    }

    @Override
    public boolean hasNext() {
        return merger.hasNext();
    }

    @Override
    public SyncItem next() {
        PumpBinlog b = merger.next();
        Translation t = translator.translate(b.binlog());
        if (!b.fake() && b.binlog().getDdlJobId() > 0) {
            // Translated, so its job was found in the history: Go counts the DDL binlogs whose job it fetched.
            metrics.ddlJobsTotal.inc();
            // Skipped DDLs count too: the checkpoint takes the version once a later commit ts is applied.
            ddlVersions.record(t.commitTs(), t.schemaVersion());
        }
        if (t instanceof Translation.Emit e) {
            lastEmitNanos = System.nanoTime();
            countEvents(e.binlog());
            return SyncItem.Apply.of(e.binlog(), loaderTranslator);
        }
        skipped.increment();
        LOG.log(System.Logger.Level.DEBUG, "binlog advances the checkpoint only pump={0} commitTS={1} reason={2}",
                b.pumpId(), t.commitTs(), ((Translation.Skip) t).reason());
        return new SyncItem.AdvanceOnly(t.commitTs());
    }

    private void countEvents(SecondaryBinlog.Binlog b) {
        if (b.getType() == SecondaryBinlog.BinlogType.DDL) {
            metrics.event.labels("DDL").inc();
            return;
        }
        for (SecondaryBinlog.Table t : b.getDmlData().getTablesList()) {
            for (SecondaryBinlog.TableMutation m : t.getMutationsList()) {
                metrics.event.labels(switch (m.getType()) {
                    case Insert -> "Insert";
                    case Update -> "Update";
                    case Delete -> "Delete";
                }).inc();
            }
        }
    }

    /** Fakes and filtered binlogs passed on as advance-only so far. */
    long skipped() {
        return skipped.sum();
    }

    /** When the last transaction was handed on ({@link System#nanoTime}), for {@code /status} Synced. */
    long lastEmitNanos() {
        return lastEmitNanos;
    }
}
