package dev.drainer.pd.tikv;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * TiDB's memcomparable byte encoding ({@code util/codec} {@code EncodeBytes}/{@code DecodeBytes},
 * spec §2.4, §3.1): 8-byte groups padded with zeros, each followed by {@code 0xFF - padding}, so
 * encoded keys sort as the raw ones and a group of padding always ends the value. Used for meta keys
 * and for region bounds, which PD keeps encoded.
 */
public final class Memcomparable {
    private static final int GROUP = 8;
    private static final int MARKER = 0xFF;

    private Memcomparable() {
    }

    /** {@code EncodeBytes}. */
    public static byte[] encodeBytes(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((raw.length / GROUP + 1) * (GROUP + 1));
        for (int i = 0; i <= raw.length; i += GROUP) {
            int n = Math.min(GROUP, raw.length - i);
            out.write(raw, i, n);
            for (int p = n; p < GROUP; p++) {
                out.write(0);
            }
            out.write(MARKER - (GROUP - n));
        }
        return out.toByteArray();
    }

    /** {@code EncodeUint}: 8 bytes big-endian. */
    public static byte[] encodeUint(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    /** A value decoded from the front of a buffer, and how many bytes its encoding took. */
    public record Decoded(byte[] value, int length) {
    }

    /** {@code DecodeBytes} of the encoding at {@code offset}; what follows it is left alone. */
    public static Decoded decodeBytes(byte[] in, int offset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = offset;
        while (true) {
            if (in.length - pos < GROUP + 1) {
                throw new IllegalArgumentException("memcomparable bytes at offset " + offset + " end after "
                        + (in.length - offset) + " bytes, inside a group: " + HexFormat.of().formatHex(in));
            }
            int marker = in[pos + GROUP] & 0xFF;
            int pad = MARKER - marker;
            if (pad > GROUP) {
                throw new IllegalArgumentException("memcomparable group at offset " + pos + " has marker 0x"
                        + Integer.toHexString(marker) + "; allowed 0xf7-0xff: " + HexFormat.of().formatHex(in));
            }
            int n = GROUP - pad;
            out.write(in, pos, n);
            for (int p = n; p < GROUP; p++) {
                if (in[pos + p] != 0) {
                    throw new IllegalArgumentException("memcomparable group at offset " + pos
                            + " has a non-zero padding byte: " + HexFormat.of().formatHex(in));
                }
            }
            pos += GROUP + 1;
            if (pad != 0) {
                return new Decoded(out.toByteArray(), pos - offset);
            }
        }
    }

    /** {@code a ‖ b}. */
    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** The first key after every key that starts with {@code prefix} (TiDB's {@code PrefixNext}). */
    static byte[] prefixNext(byte[] prefix) {
        byte[] next = Arrays.copyOf(prefix, prefix.length);
        for (int i = next.length - 1; i >= 0; i--) {
            if (next[i] != (byte) 0xFF) {
                next[i]++;
                return Arrays.copyOf(next, i + 1);
            }
        }
        throw new IllegalArgumentException("prefix " + HexFormat.of().formatHex(prefix) + " has no next key");
    }
}
