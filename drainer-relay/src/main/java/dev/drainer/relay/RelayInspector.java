package dev.drainer.relay;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.drainer.proto.secondary.SecondaryBinlog;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Read-only inspection of a relay directory for {@code drainer relay}: per file its size, record count,
 * {@code commit_ts} range (each payload read by a {@link PayloadCheck}; failures reported with the first one's
 * reason), CRC verification, skipped garbage and torn tails, plus totals and contiguity. Never modifies anything.
 *
 * <p>Unlike the reader, the inspector does not stop at the first CRC mismatch: the framing (length) is still
 * trusted and it continues after the bad record to report every problem. A partial record ends the file.
 *
 * <p><b>Locking.</b> {@link #inspect(Path, RelayOptions)} takes the directory lock like the reader, waiting up to
 * {@link RelayOptions#lockTimeout()}; a running drainer holds the lock, so with a short timeout it fails fast with
 * {@link RelayLockedException} naming the holder. {@link #inspectWithoutLock(Path)} reads a live directory without
 * the lock: safe, because the writer only appends to the newest file and GC only deletes whole older files, but the
 * newest file may end in an in-flight record (reported as a torn tail) and files may vanish (reported as deleted).
 */
public final class RelayInspector {

    /** Reads a payload's {@code commit_ts}, or says why the payload is not one recovery could replay. */
    @FunctionalInterface
    public interface PayloadCheck {
        /** Every payload that parses as {@code slave.binlog.Binlog}. */
        PayloadCheck PARSES = payload -> {
            try {
                return SecondaryBinlog.Binlog.parseFrom(payload).getCommitTs();
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalArgumentException("not a slave.binlog.Binlog: " + e.getMessage(), e);
            }
        };

        /** @throws IllegalArgumentException naming what is wrong with {@code payload} */
        long commitTs(byte[] payload);
    }

    private RelayInspector() {
    }

    /** Inspects {@code dir} holding its lock (timeout from {@code options}), payloads checked by {@code PARSES}. */
    public static RelayReport inspect(Path dir, RelayOptions options) throws IOException {
        return inspect(dir, options, PayloadCheck.PARSES);
    }

    /** Inspects {@code dir} holding its lock (timeout from {@code options}). */
    public static RelayReport inspect(Path dir, RelayOptions options, PayloadCheck check) throws IOException {
        Objects.requireNonNull(options, "options");
        checkDir(dir);
        try (DirectoryLock lock = DirectoryLock.acquire(dir, options.lockTimeout(), options.clock(), "inspector")) {
            return scan(dir, true, check);
        }
    }

    /** Inspects {@code dir} without taking its lock (a writer may be running), payloads checked by {@code PARSES}. */
    public static RelayReport inspectWithoutLock(Path dir) throws IOException {
        return inspectWithoutLock(dir, PayloadCheck.PARSES);
    }

    /** Inspects {@code dir} without taking its lock (a writer may be running). */
    public static RelayReport inspectWithoutLock(Path dir, PayloadCheck check) throws IOException {
        checkDir(dir);
        return scan(dir, false, check);
    }

    private static void checkDir(Path dir) throws RelayException {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new RelayException(dir, (Files.notExists(dir) ? "relay directory does not exist dir="
                    : "relay directory path is not a directory dir=") + dir.toAbsolutePath());
        }
    }

    private static RelayReport scan(Path dir, boolean locked, PayloadCheck check) throws IOException {
        Objects.requireNonNull(check, "check");
        List<RelayFileName> files = RelayFileName.list(dir);
        Optional<String> contiguity = Optional.empty();
        try {
            RelayFileName.checkContiguous(dir, files);
        } catch (RelayException e) {
            contiguity = Optional.of(e.getMessage());
        }
        List<RelayReport.FileReport> reports = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            reports.add(scanFile(dir, files.get(i), i == files.size() - 1, check));
        }
        return new RelayReport(dir, locked, reports, contiguity);
    }

    private static RelayReport.FileReport scanFile(Path dir, RelayFileName f, boolean last, PayloadCheck check)
            throws IOException {
        Path path = dir.resolve(f.name());
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return new RelayReport.FileReport(f.name(), f.index(), 0, last, true, 0, OptionalLong.empty(),
                    OptionalLong.empty(), 0, -1, "", 0, -1, 0, 0, -1, 0, "");
        }
        try (ch) {
            RecordScanner s = new RecordScanner(ch, path, ch.size());
            long records = 0, parseFailures = 0, firstParse = -1, crcFailures = 0, firstCrc = -1;
            long skipped = 0, skippedBytes = 0, partialOffset = -1, partialBytes = 0;
            String partialDetail = "", firstParseDetail = "";
            long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
            long pos = 0;
            scan:
            while (true) {
                RecordScanner.Result r = s.at(pos);
                switch (r.status()) {
                    case EOF:
                        break scan;
                    case RECORD:
                    case CRC_MISMATCH:
                        records++;
                        if (r.status() == RecordScanner.Status.CRC_MISMATCH) {
                            crcFailures++;
                            if (firstCrc < 0) {
                                firstCrc = pos;
                            }
                        } else {
                            try {
                                long ts = check.commitTs(r.payload());
                                min = Math.min(min, ts);
                                max = Math.max(max, ts);
                            } catch (IllegalArgumentException e) {
                                parseFailures++;
                                if (firstParse < 0) {
                                    firstParse = pos;
                                    firstParseDetail = e.getMessage();
                                }
                            }
                        }
                        pos = r.end();
                        break;
                    case PARTIAL:
                        partialOffset = pos;
                        partialBytes = s.size() - pos;
                        partialDetail = r.detail();
                        break scan;
                    case BAD_MAGIC:
                        skipped++;
                        long next = s.findMagic(pos + 1);
                        skippedBytes += (next < 0 ? s.size() : next) - pos;
                        if (next < 0) {
                            break scan;
                        }
                        pos = next;
                        break;
                    default:
                        throw new IllegalStateException(r.status().toString());
                }
            }
            return new RelayReport.FileReport(f.name(), f.index(), s.size(), last, false, records,
                    min <= max ? OptionalLong.of(min) : OptionalLong.empty(),
                    min <= max ? OptionalLong.of(max) : OptionalLong.empty(), parseFailures, firstParse, firstParseDetail,
                    crcFailures, firstCrc, skipped, skippedBytes, partialOffset, partialBytes, partialDetail);
        }
    }
}
