package dev.drainer.relay;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Decodes relay records at arbitrary offsets of one data file whose size is fixed when the scanner is made.
 * Shared by the reader, the writer's torn-tail repair and the inspector; it classifies, callers decide.
 * Never allocates more than the bytes actually present in the file.
 */
final class RecordScanner {

    enum Status {
        /** A complete record with a matching CRC. */
        RECORD,
        /** Clean end of file: the offset is exactly the file size. */
        EOF,
        /** A record cut short: header, payload or CRC extends past the end of the file (or an absurd length). */
        PARTIAL,
        /** The 4 bytes at the offset are not the magic. */
        BAD_MAGIC,
        /** Complete framing, but the CRC does not match the payload. */
        CRC_MISMATCH
    }

    /**
     * @param offset  start of the record
     * @param end     end of the record (for RECORD and CRC_MISMATCH), otherwise the file size
     * @param payload the payload for RECORD and CRC_MISMATCH, otherwise null
     * @param detail  human-readable explanation for non-RECORD results
     */
    record Result(Status status, long offset, long end, byte[] payload, String detail) {
    }

    private static final int SCAN_CHUNK = 64 * 1024;

    private final FileChannel channel;
    private final Path file;
    private final long size;

    RecordScanner(FileChannel channel, Path file, long size) {
        this.channel = channel;
        this.file = file;
        this.size = size;
    }

    long size() {
        return size;
    }

    Path file() {
        return file;
    }

    /** Decodes the record starting at {@code pos}. */
    Result at(long pos) throws IOException {
        long remaining = size - pos;
        if (remaining == 0) {
            return new Result(Status.EOF, pos, size, null, "");
        }
        if (remaining < 4) {
            return partial(pos, "short header (" + remaining + " of " + RelayFraming.HEADER_SIZE + " bytes)");
        }
        ByteBuffer header = ByteBuffer.allocate(RelayFraming.HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        header.limit((int) Math.min(RelayFraming.HEADER_SIZE, remaining));
        readFully(header, pos);
        header.flip();
        int magic = header.getInt();
        if (magic != RelayFraming.MAGIC) {
            return new Result(Status.BAD_MAGIC, pos, size, null,
                    String.format("bad magic 0x%08x (want 0x%08x)", magic, RelayFraming.MAGIC));
        }
        if (remaining < RelayFraming.HEADER_SIZE) {
            return partial(pos, "short header (" + remaining + " of " + RelayFraming.HEADER_SIZE + " bytes)");
        }
        long length = header.getLong();
        long available = remaining - RelayFraming.HEADER_SIZE;
        // Unsigned compare: a torn or garbage length field must never drive an allocation.
        if (Long.compareUnsigned(length, available) > 0) {
            return partial(pos, "short payload (length " + Long.toUnsignedString(length) + ", " + available
                    + " bytes available)");
        }
        if (available - length < RelayFraming.CRC_SIZE) {
            return partial(pos, "short crc (" + (available - length) + " of " + RelayFraming.CRC_SIZE + " bytes)");
        }
        if (length > Integer.MAX_VALUE - 64) {
            throw new RelayCorruptException(RelayCorruptException.Kind.RECORD_TOO_LARGE, file, pos,
                    "length=" + length);
        }
        ByteBuffer body = ByteBuffer.allocate((int) length + RelayFraming.CRC_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        readFully(body, pos + RelayFraming.HEADER_SIZE);
        byte[] payload = new byte[(int) length];
        body.flip();
        body.get(payload);
        int stored = body.getInt();
        int computed = RelayFraming.crc32c(payload);
        long end = pos + RelayFraming.OVERHEAD + length;
        if (stored != computed) {
            return new Result(Status.CRC_MISMATCH, pos, end, payload,
                    String.format("length=%d stored_crc=0x%08x computed_crc=0x%08x", length, stored, computed));
        }
        return new Result(Status.RECORD, pos, end, payload, "");
    }

    /** Offset of the first magic at or after {@code from}, or -1 if none before the end of the file. */
    long findMagic(long from) throws IOException {
        byte m0 = 0x04, m1 = 0x05, m2 = 0x1b, m3 = 0x1c;
        long base = from;
        ByteBuffer buf = ByteBuffer.allocate(SCAN_CHUNK);
        while (base + 4 <= size) {
            buf.clear();
            buf.limit((int) Math.min(SCAN_CHUNK, size - base));
            readFully(buf, base);
            byte[] a = buf.array();
            int n = buf.position();
            for (int i = 0; i + 3 < n; i++) {
                if (a[i] == m0 && a[i + 1] == m1 && a[i + 2] == m2 && a[i + 3] == m3) {
                    return base + i;
                }
            }
            if (base + n >= size) {
                break;
            }
            base += n - 3; // overlap so a magic across chunks is found
        }
        return -1;
    }

    /**
     * Offset of the first complete, CRC-valid record that starts at or after {@code from}, or -1.
     */
    long findValidRecord(long from) throws IOException {
        long q = from;
        while (q >= 0 && q < size) {
            q = findMagic(q);
            if (q < 0) {
                return -1;
            }
            if (at(q).status() == Status.RECORD) {
                return q;
            }
            q++;
        }
        return -1;
    }

    private Result partial(long pos, String detail) {
        return new Result(Status.PARTIAL, pos, size, null, detail);
    }

    private void readFully(ByteBuffer dst, long pos) throws IOException {
        long p = pos;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, p);
            if (n < 0) {
                throw new EOFException("relay file shrank while reading file=" + file + " offset=" + p
                        + " expected_size=" + size);
            }
            p += n;
        }
    }
}
