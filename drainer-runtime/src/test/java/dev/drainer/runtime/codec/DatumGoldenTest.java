package dev.drainer.runtime.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import dev.drainer.proto.secondary.SecondaryBinlog.Column;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The decoder against byte vectors that come from outside this project's encoder: MySQL/TiDB
 * documentation, TiDB's code comments, protobuf's own varint writer, and layouts built by hand from
 * the published format descriptions.
 */
class DatumGoldenTest {
    private static final HexFormat HEX = HexFormat.of();

    private static byte[] hex(String s) {
        return HEX.parseHex(s.replace(" ", ""));
    }

    private static Datum one(String hex) {
        DatumReader r = new DatumReader(hex(hex));
        Datum d = r.next();
        assertTrue(!r.hasMore(), "one datum uses every byte of " + hex);
        return d;
    }

    @Test
    void decimalFromTheMysqlDecimal2binExample() {
        // MySQL's decimal2bin documentation (and the spec §2.4): 1234567890.1234 as DECIMAL(14,4).
        assertEquals(new BigDecimal("1234567890.1234"), DecimalBin.decode(hex("810DFB38D204D2"), 0, 14, 4));
        assertEquals(new BigDecimal("-1234567890.1234"), DecimalBin.decode(hex("7EF204C72DFB2D"), 0, 14, 4));
        Datum d = one("06 0E 04 810DFB38D204D2");
        assertEquals("1234567890.1234", d.decimal().toPlainString());
        assertEquals(7, DecimalBin.binSize(14, 4));
        assertEquals(4, DecimalBin.binSize(9, 0));
        assertEquals("0.00", DecimalBin.decode(hex("800000"), 0, 5, 2).toPlainString(), "zero keeps its scale");
    }

    @Test
    void varintsAgreeWithProtobufsZigZagAndBase128Writers() throws Exception {
        for (long v : new long[] {0, 1, -1, 63, -64, 64, 300, Long.MAX_VALUE, Long.MIN_VALUE, -1234567890123L}) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            bytes.write(0x08);
            CodedOutputStream cos = CodedOutputStream.newInstance(bytes);
            cos.writeSInt64NoTag(v);
            cos.flush();
            Datum d = new DatumReader(bytes.toByteArray()).next();
            assertEquals(Datum.Kind.INT, d.kind());
            assertEquals(v, d.longValue());

            bytes.reset();
            bytes.write(0x09);
            cos = CodedOutputStream.newInstance(bytes);
            cos.writeUInt64NoTag(v);
            cos.flush();
            d = new DatumReader(bytes.toByteArray()).next();
            assertEquals(Datum.Kind.UINT, d.kind());
            assertEquals(v, d.longValue());
        }
    }

    @Test
    void comparableFormsFromTidbCodecComments() {
        // util/codec/bytes.go EncodeBytes doc: [1, 2, 3] -> [1, 2, 3, 0, 0, 0, 0, 0, 250].
        assertArrayEquals(new byte[] {1, 2, 3}, one("01 0102030000000000 FA").bytes());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, one("01 0102030405060708 FF 0000000000000000 F7").bytes());
        // EncodeInt flips the sign bit: -1 → 7FFF…FF, 1 → 8000…01.
        assertEquals(-1L, one("03 7FFFFFFFFFFFFFFF").longValue());
        assertEquals(1L, one("03 8000000000000001").longValue());
        assertEquals(Long.MAX_VALUE, one("04 7FFFFFFFFFFFFFFF").longValue());
        assertEquals(Datum.Kind.DURATION, one("07 8000000000000005").kind());
        // EncodeFloat: non-negative values get the sign bit, negatives are inverted.
        assertEquals(1.5, (Double) one("05 BFF8000000000000").value());
        assertEquals(-1.5, (Double) one("05 4007FFFFFFFFFFFF").value());
        assertEquals(Datum.NULL, one("00"));
        assertEquals("abc", new String(one("02 06 616263").bytes()));
    }

    @Test
    void malformedInputNamesTheOffsetAndFlag() {
        CodecException e = assertThrows(CodecException.class, () -> new DatumReader(hex("0B 02")).next());
        assertTrue(e.getMessage().contains("unknown datum flag 0xb at offset 0"), e.getMessage());
        DatumReader r = new DatumReader(hex("08 02 02 0A 61"));
        r.next();
        e = assertThrows(CodecException.class, r::next);
        assertTrue(e.getMessage().contains("length 5 at offset 4 exceeds the 1 bytes left"), e.getMessage());
        e = assertThrows(CodecException.class, () -> OldRow.decode(hex("80 00 01"), 0, (id, v) -> { }));
        assertTrue(e.getMessage().contains("row format v2"), e.getMessage());
        e = assertThrows(CodecException.class, () -> OldRow.decode(hex("08 02"), 0, (id, v) -> { }));
        assertTrue(e.getMessage().contains("column id 1 without its value"), e.getMessage());
        e = assertThrows(CodecException.class, () -> OldRow.decode(hex("08 02 08 04 02 02 61 08 02"), 0, (id, v) -> { }));
        assertTrue(e.getMessage().contains("row column id at offset 4 is a BYTES datum, not an int"), e.getMessage());
    }

    @Test
    void binaryJsonBuiltByHandFromTheLayout() {
        // {"a": 1}: count 1, size 28, key entry (offset 19, length 1), value entry (int64 at 20), "a", 1 LE.
        assertEquals("{\"a\": 1}", BinaryJson.toText(hex("01 01000000 1C000000 13000000 0100 09 14000000 61 0100000000000000")));
        // [true, "x", null]: literals inlined in their entries, the string after the entries.
        assertEquals("[true, \"x\", null]", BinaryJson.toText(hex(
                "03 03000000 19000000 04 01000000 0C 17000000 04 00000000 01 78")));
        assertEquals("1.5", BinaryJson.toText(hex("0B 000000000000F83F")));
        assertEquals("18446744073709551615", BinaryJson.toText(hex("0A FFFFFFFFFFFFFFFF")));
        assertEquals("-2", BinaryJson.toText(hex("09 FEFFFFFFFFFFFFFF")));
        assertEquals("\"q\\\"\\n\\u0001\u00fc\"", BinaryJson.toText(hex("0C 06 71220A01C3BC")));
        // As a datum, the JSON's own size tells where the next datum starts.
        DatumReader r = new DatumReader(hex("0A 04 01 08 02"));
        assertEquals("true", BinaryJson.toText(r.next().bytes()));
        assertEquals(1L, r.next().longValue());
    }

    @ParameterizedTest
    @CsvSource({"0.1,0.1", "1e21,1e+21", "1e20,100000000000000000000", "1e-7,1e-7", "123456.789,123456.789",
            "-2.5e-10,-2.5e-10", "5e-324,5e-324", "1e-6,0.000001"})
    void jsonFloatsAreWrittenAsGoWritesThem(double f, String go) {
        // Go's encoding/json (which TiDB copies): 'f' within [1e-6, 1e21), else 'e' with e-09 shortened to e-9.
        assertEquals(go, BinaryJson.goFloat(f));
    }

    @Test
    void packedTimeFollowsToPackedUint() {
        // ((2024*13+1)<<5 | 2) << 17 | 3<<12 | 4<<6 | 5, << 24 | 6 µs
        PackedTime t = PackedTime.unpack(0x19B2443105000006L);
        assertEquals(new PackedTime(2024, 1, 2, 3, 4, 5, 6), t);
        assertEquals("2024-01-02 03:04:05.000006", t.dateTimeText(6));
        assertEquals("2024-01-02 03:04:05.00", t.dateTimeText(2));
        assertEquals("2024-01-02 11:04:05", t.fromUtc(ZoneId.of("Asia/Shanghai")).dateTimeText(0));
        assertEquals(t, t.fromUtc(ZoneOffset.UTC));
        assertEquals("0000-00-00 00:00:00", PackedTime.unpack(0).fromUtc(ZoneId.of("Asia/Shanghai")).dateTimeText(0));
        assertEquals("9999-12-31 23:59:59.987", new PackedTime(9999, 12, 31, 23, 59, 59, 987_654).dateTimeText(3));
        assertEquals("0099-07-04", new PackedTime(99, 7, 4, 0, 0, 0, 0).dateText());
    }

    @Test
    void timeAndYearTextsArePaddedAsPrintfWouldPadThem() {
        long hour = 3_600_000_000_000L;
        assertEquals("838:59:59.000000", ColumnValues.durationText(838 * hour + 3599_000_000_000L, 6));
        assertEquals("-01:02:03.5", ColumnValues.durationText(-(hour + 123_500_000_000L), 1));
        assertEquals("00:00:00", ColumnValues.durationText(0, 0));
        assertEquals("00:00:00.000001", ColumnValues.durationText(1_000, 6));
    }

    @Test
    void unflattenByFieldType() {
        FieldType ts = new FieldType(FieldType.TYPE_TIMESTAMP, 0, 23, 3, "binary", "binary", null);
        Datum packed = new Datum(Datum.Kind.UINT, 0x19B2443105000006L);
        assertEquals("2024-01-02 03:04:05.000", ColumnValues.fromDatum("ts", ts, packed, ZoneOffset.UTC).getStringValue());
        assertEquals("2024-01-01 22:04:05.000",
                ColumnValues.fromDatum("ts", ts, packed, ZoneId.of("America/New_York")).getStringValue());
        FieldType time = new FieldType(FieldType.TYPE_DURATION, 0, 14, 3, "binary", "binary", null);
        assertEquals("-838:59:59.000", ColumnValues.fromDatum("t", time,
                new Datum(Datum.Kind.INT, -(838L * 3600 + 59 * 60 + 59) * 1_000_000_000L), ZoneOffset.UTC).getStringValue());
        FieldType f = new FieldType(FieldType.TYPE_FLOAT, 0, 12, -1, "binary", "binary", null);
        assertEquals((double) 0.1f, ColumnValues.fromDatum("f", f, new Datum(Datum.Kind.FLOAT, (double) 0.1f), ZoneOffset.UTC)
                .getDoubleValue());
        FieldType ubig = new FieldType(FieldType.TYPE_LONGLONG, FieldType.FLAG_UNSIGNED, 20, 0, "binary", "binary", null);
        Column c = ColumnValues.fromDatum("u", ubig, new Datum(Datum.Kind.UINT, -1L), ZoneOffset.UTC);
        assertTrue(c.hasUint64Value() && c.getUint64Value() == -1L);
        FieldType bit = new FieldType(FieldType.TYPE_BIT, 0, 13, 0, "binary", "binary", null);
        assertArrayEquals(new byte[] {0x1F, (byte) 0xFF},
                ColumnValues.fromDatum("b", bit, new Datum(Datum.Kind.UINT, 0x1FFFL), ZoneOffset.UTC).getBytesValue().toByteArray());
        FieldType varbinary = new FieldType(FieldType.TYPE_VARCHAR, 128, 8, 0, "binary", "binary", null);
        assertEquals("varbinary", varbinary.typeName());
        assertTrue(ColumnValues.fromDatum("v", varbinary, new Datum(Datum.Kind.BYTES, new byte[] {0}), ZoneOffset.UTC).hasBytesValue());
        assertEquals("blob", new FieldType(FieldType.TYPE_BLOB, 0, 65535, 0, "binary", "binary", null).typeName());
        assertEquals("text", new FieldType(FieldType.TYPE_BLOB, 0, 65535, 0, "utf8mb4", "utf8mb4_bin", null).typeName());
        FieldType en = new FieldType(FieldType.TYPE_ENUM, 1, 1, 0, "utf8mb4", "utf8mb4_bin", List.of("p", "q"));
        assertEquals(2, ColumnValues.fromDefault("e", en, "q", null, ZoneOffset.UTC).getUint64Value());
        assertEquals(1, ColumnValues.zero(en).getUint64Value(), "NOT NULL enum without default: the first element");
        CodecException e = assertThrows(CodecException.class,
                () -> ColumnValues.fromDatum("e", en, new Datum(Datum.Kind.BYTES, new byte[0]), ZoneOffset.UTC));
        assertTrue(e.getMessage().contains("column e of type enum holds a BYTES datum"), e.getMessage());
    }
}
