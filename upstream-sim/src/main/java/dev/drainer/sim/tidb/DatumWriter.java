package dev.drainer.sim.tidb;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;

/**
 * Writes TiDB datums as {@code codec.EncodeValue} does (non-comparable forms, spec §2.4), written
 * from the format description without sharing code with the drainer's decoder.
 */
public final class DatumWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    public DatumWriter nil() {
        out.write(0x00);
        return this;
    }

    /** Flag 0x08, Go {@code binary.PutVarint} (zig-zag). */
    public DatumWriter varint(long v) {
        out.write(0x08);
        uvarintBody((v << 1) ^ (v >> 63));
        return this;
    }

    /** Flag 0x09, Go {@code binary.PutUvarint}. */
    public DatumWriter uvarint(long v) {
        out.write(0x09);
        uvarintBody(v);
        return this;
    }

    /** Flag 0x02: zig-zag varint length, then the bytes. */
    public DatumWriter compactBytes(byte[] b) {
        out.write(0x02);
        long n = b.length;
        uvarintBody((n << 1) ^ (n >> 63));
        out.writeBytes(b);
        return this;
    }

    /** Flag 0x05: IEEE bits with the sign bit set for non-negative values, all bits inverted for negative ones. */
    public DatumWriter floating(double f) {
        out.write(0x05);
        long bits = Double.doubleToRawLongBits(f);
        bits = f >= 0 && bits >= 0 ? bits | 0x8000_0000_0000_0000L : ~bits;
        for (int i = 56; i >= 0; i -= 8) {
            out.write((int) (bits >>> i));
        }
        return this;
    }

    /** Flag 0x06: precision, frac, then MySQL {@code decimal2bin}. */
    public DatumWriter decimal(BigDecimal v, int precision, int frac) {
        out.write(0x06);
        out.write(precision);
        out.write(frac);
        out.writeBytes(DecimalBytes.encode(v, precision, frac));
        return this;
    }

    /** Flag 0x0A: the JSON type code, then TiDB's binary JSON. */
    public DatumWriter json(String text) {
        out.write(0x0A);
        out.writeBytes(JsonBinary.encode(text));
        return this;
    }

    private void uvarintBody(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }
}
