package dev.drainer.runtime.run;

import dev.drainer.proto.secondary.SecondaryBinlog;
import dev.drainer.runtime.merge.Merger;
import dev.drainer.runtime.pump.PumpBinlog;
import dev.drainer.runtime.syncer.DdlSchemaVersions;
import dev.drainer.runtime.translate.TiBinlogTranslator;
import dev.drainer.runtime.translate.Translation;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The merged pump stream translated into what {@code Pipeline.run} takes. Skips (fakes, filtered or
 * ignored transactions) are dropped here: the pipeline has no way to let them move the checkpoint
 * after earlier transactions are applied (spec §1.6), so the checkpoint advances only with real
 * transactions for now.
 */
final class TranslatingSource implements Iterator<SecondaryBinlog.Binlog> {
    private static final System.Logger LOG = System.getLogger(TranslatingSource.class.getName());

    private final Merger<PumpBinlog> merger;
    private final TiBinlogTranslator translator;
    private final DdlSchemaVersions ddlVersions;
    private final LongAdder skipped = new LongAdder();
    private SecondaryBinlog.Binlog next;
    private volatile long lastEmitNanos = System.nanoTime();

    TranslatingSource(Merger<PumpBinlog> merger, TiBinlogTranslator translator, DdlSchemaVersions ddlVersions) {
        this.merger = merger;
        this.translator = translator;
        this.ddlVersions = ddlVersions;
    }

    @Override
    public boolean hasNext() {
        while (next == null && merger.hasNext()) {
            PumpBinlog b = merger.next();
            Translation t = translator.translate(b.binlog());
            if (b.binlog().getDdlJobId() > 0) {
                // Skipped DDLs count too: the checkpoint takes the version once a later commit ts is applied.
                ddlVersions.record(t.commitTs(), t.schemaVersion());
            }
            if (t instanceof Translation.Emit e) {
                next = e.binlog();
                lastEmitNanos = System.nanoTime();
            } else {
                skipped.increment();
                LOG.log(System.Logger.Level.DEBUG, "binlog skipped pump={0} commitTS={1} reason={2}", b.pumpId(),
                        t.commitTs(), ((Translation.Skip) t).reason());
            }
        }
        return next != null;
    }

    @Override
    public SecondaryBinlog.Binlog next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the merged stream has ended");
        }
        SecondaryBinlog.Binlog out = next;
        next = null;
        return out;
    }

    /** Fakes and filtered binlogs dropped so far. */
    long skipped() {
        return skipped.sum();
    }

    /** When the last transaction was handed on ({@link System#nanoTime}), for {@code /status} Synced. */
    long lastEmitNanos() {
        return lastEmitNanos;
    }
}
