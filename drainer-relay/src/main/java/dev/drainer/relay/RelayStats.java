package dev.drainer.relay;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and gauges of the relay log, cheap to update and safe to read from any thread. No metrics library:
 * the runtime exports {@link #snapshot()} (or the individual getters) under whatever names it likes. One instance
 * lives in a {@link RelayOptions}; every writer, reader and inspector opened with those options adds to it.
 *
 * <p>Suggested export names: {@link #corruptionCount()} is the Go drainer's
 * {@code binlog_binlogfile_corruption_binlog_count} (magic resynchronisations while reading).
 */
public final class RelayStats {
    private final LongAdder recordsWritten = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder filesCreated = new LongAdder();
    private final LongAdder filesDeleted = new LongAdder();
    private final LongAdder fileSyncs = new LongAdder();
    private final LongAdder directorySyncs = new LongAdder();
    private final LongAdder recordsRead = new LongAdder();
    private final LongAdder corruptionCount = new LongAdder();
    private final LongAdder tornTailRepairs = new LongAdder();
    private final LongAdder tornTailBytesDropped = new LongAdder();
    private final AtomicLong currentFileIndex = new AtomicLong(-1);
    private final AtomicLong currentFileSize = new AtomicLong(0);

    /** Records appended (one per transaction). */
    public long recordsWritten() {
        return recordsWritten.sum();
    }

    /** Bytes appended including the 16 bytes of framing per record. */
    public long bytesWritten() {
        return bytesWritten.sum();
    }

    /** Data files created (first file of an empty directory and rotations). */
    public long filesCreated() {
        return filesCreated.sum();
    }

    /** Data files deleted by GC. */
    public long filesDeleted() {
        return filesDeleted.sum();
    }

    /** fdatasync calls on data files (sync, rotation, close, torn-tail repair). */
    public long fileSyncs() {
        return fileSyncs.sum();
    }

    /** fsync calls on the relay directory (or its parent when the directory was created). */
    public long directorySyncs() {
        return directorySyncs.sum();
    }

    /** Records returned by readers. */
    public long recordsRead() {
        return recordsRead.sum();
    }

    /** Magic mismatches resynchronised by readers: Go's {@code binlog_binlogfile_corruption_binlog_count}. */
    public long corruptionCount() {
        return corruptionCount.sum();
    }

    /** Torn tails truncated by the writer on open. */
    public long tornTailRepairs() {
        return tornTailRepairs.sum();
    }

    /** Bytes dropped by torn-tail repairs. */
    public long tornTailBytesDropped() {
        return tornTailBytesDropped.sum();
    }

    /** Gauge: index of the file the writer appends to, -1 when no writer is open. */
    public long currentFileIndex() {
        return currentFileIndex.get();
    }

    /** Gauge: size of the file the writer appends to. */
    public long currentFileSize() {
        return currentFileSize.get();
    }

    /** All values by a stable snake_case name, in a fixed order. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("records_written", recordsWritten());
        m.put("bytes_written", bytesWritten());
        m.put("files_created", filesCreated());
        m.put("files_deleted", filesDeleted());
        m.put("file_syncs", fileSyncs());
        m.put("directory_syncs", directorySyncs());
        m.put("records_read", recordsRead());
        m.put("corruption_count", corruptionCount());
        m.put("torn_tail_repairs", tornTailRepairs());
        m.put("torn_tail_bytes_dropped", tornTailBytesDropped());
        m.put("current_file_index", currentFileIndex());
        m.put("current_file_size", currentFileSize());
        return m;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RelayStats{");
        snapshot().forEach((k, v) -> sb.append(k).append('=').append(v).append(' '));
        sb.setLength(sb.length() - 1);
        return sb.append('}').toString();
    }

    void recordWritten(long bytes) {
        recordsWritten.increment();
        bytesWritten.add(bytes);
    }

    void fileCreated() {
        filesCreated.increment();
    }

    void fileDeleted() {
        filesDeleted.increment();
    }

    void fileSynced() {
        fileSyncs.increment();
    }

    void directorySynced() {
        directorySyncs.increment();
    }

    void recordRead() {
        recordsRead.increment();
    }

    void corruption() {
        corruptionCount.increment();
    }

    void tornTailRepaired(long bytesDropped) {
        tornTailRepairs.increment();
        tornTailBytesDropped.add(bytesDropped);
    }

    void current(long index, long size) {
        currentFileIndex.set(index);
        currentFileSize.set(size);
    }

    void currentSize(long size) {
        currentFileSize.set(size);
    }
}
