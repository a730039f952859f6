package dev.drainer.sim.tidb;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The simulator's own writing of TiDB's key layouts (spec §3.1), from the format description and
 * sharing no code with the drainer's reader: the memcomparable group encoding PD uses for region
 * bounds, and the meta keys of the {@code DDLJobHistory} hash and of string values.
 */
public final class TidbMetaKeys {
    private TidbMetaKeys() {
    }

    /** Memcomparable {@code EncodeBytes}: each 8-byte slice zero-padded, then 255 minus the pad count; always ends with a padded slice. */
    public static byte[] comparable(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int groups = raw.length / 8 + 1;
        for (int g = 0; g < groups; g++) {
            byte[] slice = Arrays.copyOfRange(raw, g * 8, g * 8 + 8); // copyOfRange pads with zeros
            int real = Math.max(0, Math.min(8, raw.length - g * 8));
            out.writeBytes(slice);
            out.write(255 - (8 - real));
        }
        return out.toByteArray();
    }

    /** The inverse of {@link #comparable} for a whole buffer (PD region keys); trailing bytes after it are ignored. */
    public static byte[] uncomparable(byte[] encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at + 9 <= encoded.length; at += 9) {
            int pads = 255 - (encoded[at + 8] & 0xFF);
            if (pads < 0 || pads > 8) {
                throw new IllegalArgumentException("not a memcomparable group at offset " + at + ": marker " + (encoded[at + 8] & 0xFF));
            }
            out.write(encoded, at, 8 - pads);
            if (pads > 0) {
                return out.toByteArray();
            }
        }
        throw new IllegalArgumentException("memcomparable bytes end without a padded group (" + encoded.length + " bytes)");
    }

    /** {@code m ‖ EncodeBytes("DDLJobHistory") ‖ EncodeUint('h') ‖ EncodeBytes(jobId as 8 bytes BE)}. */
    public static byte[] historyJob(long jobId) {
        return concat(new byte[] {'m'}, comparable(ascii("DDLJobHistory")), uint('h'),
                comparable(ByteBuffer.allocate(8).putLong(jobId).array()));
    }

    /** {@code m ‖ EncodeBytes(key) ‖ EncodeUint('s')}: a meta string such as {@code DDLTableVersion}. */
    public static byte[] string(String key) {
        return concat(new byte[] {'m'}, comparable(ascii(key)), uint('s'));
    }

    private static byte[] uint(long v) {
        return ByteBuffer.allocate(8).putLong(v).array();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
