package dev.drainer.relay;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The relay record framing, identical to the Go drainer's {@code pkg/binlogfile} encoder:
 *
 * <pre>
 * offset  size  content
 * 0       4     magic 0x1C1B0504, little-endian (bytes 04 05 1b 1c)
 * 4       8     payload length N, unsigned 64-bit little-endian
 * 12      N     payload
 * 12+N    4     CRC-32C (Castagnoli) of the payload only, little-endian
 * </pre>
 *
 * No file header, padding or trailer. Record size = N + 16.
 */
public final class RelayFraming {
    /** The record magic as an int (read little-endian). */
    public static final int MAGIC = 0x1C1B0504;
    /** Magic + length. */
    public static final int HEADER_SIZE = 12;
    /** The CRC after the payload. */
    public static final int CRC_SIZE = 4;
    /** Framing bytes per record. */
    public static final int OVERHEAD = HEADER_SIZE + CRC_SIZE;

    private RelayFraming() {
    }

    /** CRC-32C of {@code data[off, off+len)}, as an unsigned value in an int. */
    public static int crc32c(byte[] data, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(data, off, len);
        return (int) crc.getValue();
    }

    /** CRC-32C of the whole array. */
    public static int crc32c(byte[] data) {
        return crc32c(data, 0, data.length);
    }

    /** The 12-byte header (magic, length) of a record with a payload of {@code length} bytes. */
    static ByteBuffer header(long length) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putLong(length).flip();
        return b;
    }

    /** The 4-byte trailer (CRC-32C of the payload). */
    static ByteBuffer trailer(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(CRC_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(crc32c(payload)).flip();
        return b;
    }

    /** Puts the complete record for {@code payload} into {@code b} (little-endian, with room for it). */
    static void put(ByteBuffer b, byte[] payload) {
        b.putInt(MAGIC).putLong(payload.length).put(payload).putInt(crc32c(payload));
    }

    /** The complete record for {@code payload}, as one array. */
    public static byte[] encode(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(payload.length + OVERHEAD).order(ByteOrder.LITTLE_ENDIAN);
        put(b, payload);
        return b.array();
    }
}
