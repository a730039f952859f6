package dev.drainer.runtime.codec;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Reads TiDB datums (util/codec, non-comparable {@code EncodeValue} plus the comparable forms the
 * decoder also accepts) one after another from a byte array.
 */
public final class DatumReader {
    static final int NIL = 0x00;
    static final int BYTES = 0x01;
    static final int COMPACT_BYTES = 0x02;
    static final int INT = 0x03;
    static final int UINT = 0x04;
    static final int FLOAT = 0x05;
    static final int DECIMAL = 0x06;
    static final int DURATION = 0x07;
    static final int VARINT = 0x08;
    static final int UVARINT = 0x09;
    static final int JSON = 0x0A;
    private static final long SIGN = 0x8000_0000_0000_0000L;
    private static final int GROUP = 8;

    private final byte[] buf;
    private int pos;

    public DatumReader(byte[] buf, int offset) {
        this.buf = buf;
        this.pos = offset;
    }

    public DatumReader(byte[] buf) {
        this(buf, 0);
    }

    public boolean hasMore() {
        return pos < buf.length;
    }

    public int position() {
        return pos;
    }

    /** The next datum; throws {@link CodecException} naming the offset and flag on malformed input. */
    public Datum next() {
        int start = pos;
        int flag = u8();
        try {
            return switch (flag) {
                case NIL -> Datum.NULL;
                case BYTES -> new Datum(Datum.Kind.BYTES, comparableBytes());
                case COMPACT_BYTES -> new Datum(Datum.Kind.BYTES, take(checkedLength(varint())));
                case INT -> new Datum(Datum.Kind.INT, fixed64() ^ SIGN);
                case UINT -> new Datum(Datum.Kind.UINT, fixed64());
                case FLOAT -> new Datum(Datum.Kind.FLOAT, comparableFloat(fixed64()));
                case DECIMAL -> new Datum(Datum.Kind.DECIMAL, decimal());
                case DURATION -> new Datum(Datum.Kind.DURATION, fixed64() ^ SIGN);
                case VARINT -> new Datum(Datum.Kind.INT, varint());
                case UVARINT -> new Datum(Datum.Kind.UINT, uvarint());
                case JSON -> new Datum(Datum.Kind.JSON, take(BinaryJson.encodedLength(buf, pos)));
                default -> throw new CodecException("unknown datum flag 0x" + Integer.toHexString(flag)
                        + " at offset " + start + " (known: 0x00-0x0a)");
            };
        } catch (ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new CodecException("datum with flag 0x" + Integer.toHexString(flag) + " at offset " + start
                    + " runs past the end of its " + buf.length + "-byte buffer", e);
        }
    }

    /**
     * The next datum's value if it is a signed integer, without a {@link Datum} (a row's column ids);
     * throws naming {@code what} and the offset otherwise.
     */
    public long nextInt(String what) {
        if (pos < buf.length) {
            int flag = buf[pos] & 0xFF;
            if (flag == INT) {
                pos++;
                return fixed64() ^ SIGN;
            }
            if (flag == VARINT) {
                pos++;
                return varint();
            }
        }
        int at = pos;
        Datum d = next();
        throw new CodecException(what + " at offset " + at + " is a " + d.kind() + " datum, not an int");
    }

    private int u8() {
        if (pos >= buf.length) {
            throw new CodecException("no datum at offset " + pos + ": the buffer has " + buf.length + " bytes");
        }
        return buf[pos++] & 0xFF;
    }

    private byte[] take(int n) {
        if (n > buf.length - pos) {
            throw new ArrayIndexOutOfBoundsException(n);
        }
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    private int checkedLength(long n) {
        if (n < 0 || n > buf.length - pos) {
            throw new CodecException("byte string of length " + n + " at offset " + pos + " exceeds the "
                    + (buf.length - pos) + " bytes left");
        }
        return (int) n;
    }

    private long fixed64() {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | u8();
        }
        return v;
    }

    /** Go {@code binary.Uvarint}: little-endian base-128. */
    private long uvarint() {
        long x = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = u8();
            x |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return x;
            }
        }
        throw new CodecException("varint longer than 10 bytes before offset " + pos);
    }

    /** Go {@code binary.Varint}: zig-zag over a uvarint. */
    private long varint() {
        long ux = uvarint();
        long x = ux >>> 1;
        return (ux & 1) != 0 ? ~x : x;
    }

    private static double comparableFloat(long u) {
        long bits = (u & SIGN) != 0 ? u & ~SIGN : ~u;
        return Double.longBitsToDouble(bits);
    }

    /** Memcomparable groups: 8 bytes, then a marker of {@code 0xFF - padding}. */
    private byte[] comparableBytes() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (true) {
            byte[] group = take(GROUP);
            int marker = u8();
            int pad = 0xFF - marker;
            if (pad > GROUP) {
                throw new CodecException("bad memcomparable marker 0x" + Integer.toHexString(marker) + " before offset " + pos);
            }
            out.write(group, 0, GROUP - pad);
            if (pad > 0) {
                return out.toByteArray();
            }
        }
    }

    private BigDecimal decimal() {
        int precision = u8();
        int frac = u8();
        int size = DecimalBin.binSize(precision, frac);
        BigDecimal d = DecimalBin.decode(buf, pos, precision, frac);
        pos += size;
        return d;
    }
}
