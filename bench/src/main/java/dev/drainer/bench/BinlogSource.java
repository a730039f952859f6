package dev.drainer.bench;

import dev.drainer.proto.secondary.SecondaryBinlog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.LongAdder;

/**
 * A workload file as the transaction source of a {@link dev.drainer.runtime.syncer.Pipeline}, counting
 * the row changes handed over (the pipeline's queue holds at most a few thousand ahead of the loader).
 */
final class BinlogSource implements Iterator<SecondaryBinlog.Binlog> {
    private final WorkloadFile.Reader reader;
    private final LongAdder rows;
    private SecondaryBinlog.Binlog next;

    BinlogSource(WorkloadFile.Reader reader, LongAdder rows) {
        this.reader = reader;
        this.rows = rows;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = reader.nextBinlog();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the workload file: " + e.getMessage(), e);
            }
        }
        return next != null;
    }

    @Override
    public SecondaryBinlog.Binlog next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SecondaryBinlog.Binlog b = next;
        next = null;
        rows.add(b.getDmlData().getTablesList().stream().mapToLong(SecondaryBinlog.Table::getMutationsCount).sum());
        return b;
    }
}
