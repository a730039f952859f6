package dev.drainer.bench;

import dev.drainer.runtime.syncer.SyncItem;
import dev.drainer.runtime.translate.SecondaryBinlogTranslator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.LongAdder;

/**
 * A workload file as the transaction source of a {@link dev.drainer.runtime.syncer.Pipeline}: its records, which are
 * relay-log records already, handed over as they are with their translation, as a source holding serialized
 * binlogs does; counts the row changes handed over (the pipeline's queue holds at most a few thousand ahead of the
 * loader).
 */
final class BinlogSource implements Iterator<SyncItem> {
    private final WorkloadFile.Reader reader;
    private final SecondaryBinlogTranslator translator;
    private final LongAdder rows;
    private byte[] next;

    BinlogSource(WorkloadFile.Reader reader, SecondaryBinlogTranslator translator, LongAdder rows) {
        this.reader = reader;
        this.translator = translator;
        this.rows = rows;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = reader.next();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the workload file: " + e.getMessage(), e);
            }
        }
        return next != null;
    }

    @Override
    public SyncItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SyncItem.Apply item = SyncItem.Apply.of(next, translator);
        next = null;
        rows.add(item.txn().dmls().size());
        return item;
    }
}
