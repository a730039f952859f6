package dev.drainer.relay;

import java.nio.file.Path;

/**
 * The content of a relay data file cannot be read safely: a CRC mismatch (always fatal, never resynchronised), a
 * partial record in a file that is not the newest, or a record too large to hold in memory. Carries the file
 * and the start offset of the offending record.
 */
public class RelayCorruptException extends RelayException {

    /** What is wrong. */
    public enum Kind {
        /** The CRC-32C stored after the payload does not match the payload. */
        CRC_MISMATCH,
        /** A record is cut short (header, payload or CRC) in a file that is not the newest one. */
        PARTIAL_RECORD,
        /** The length field is valid for the file but larger than a Java array can hold. */
        RECORD_TOO_LARGE
    }

    private final Kind kind;
    private final Path file;
    private final long offset;

    public RelayCorruptException(Kind kind, Path file, long offset, String detail) {
        super(file.getParent(), "relay record " + kind.name().toLowerCase().replace('_', ' ') + " file=" + file
                + " offset=" + offset + (detail == null || detail.isEmpty() ? "" : " " + detail));
        this.kind = kind;
        this.file = file;
        this.offset = offset;
    }

    public Kind kind() {
        return kind;
    }

    /** The data file holding the bad record. */
    public Path file() {
        return file;
    }

    /** The start offset of the bad record in {@link #file()}. */
    public long offset() {
        return offset;
    }
}
