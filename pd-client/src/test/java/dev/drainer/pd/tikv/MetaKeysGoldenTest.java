package dev.drainer.pd.tikv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The meta key encoding against vectors from outside this code: TiDB's codec tests and keys derived by hand from the spec. */
class MetaKeysGoldenTest {
    private static final HexFormat HEX = HexFormat.of();

    /** TiDB util/codec bytes_test.go TestBytesCodec (ascending): input → EncodeBytes. */
    private static final int[][][] TIDB_ENCODE_BYTES = {
            {{}, {0, 0, 0, 0, 0, 0, 0, 0, 247}},
            {{0}, {0, 0, 0, 0, 0, 0, 0, 0, 248}},
            {{1, 2, 3}, {1, 2, 3, 0, 0, 0, 0, 0, 250}},
            {{1, 2, 3, 0}, {1, 2, 3, 0, 0, 0, 0, 0, 251}},
            {{1, 2, 3, 4, 5, 6, 7}, {1, 2, 3, 4, 5, 6, 7, 0, 254}},
            {{0, 0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0, 0, 255, 0, 0, 0, 0, 0, 0, 0, 0, 247}},
            {{1, 2, 3, 4, 5, 6, 7, 8}, {1, 2, 3, 4, 5, 6, 7, 8, 255, 0, 0, 0, 0, 0, 0, 0, 0, 247}},
            {{1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 5, 6, 7, 8, 255, 9, 0, 0, 0, 0, 0, 0, 0, 248}},
    };

    @Test
    void encodeBytesMatchesTidbsOwnVectorsAndDecodesBack() {
        for (int[][] v : TIDB_ENCODE_BYTES) {
            byte[] raw = bytes(v[0]);
            byte[] encoded = bytes(v[1]);
            assertArrayEquals(encoded, Memcomparable.encodeBytes(raw), HEX.formatHex(raw));
            Memcomparable.Decoded d = Memcomparable.decodeBytes(concat(encoded, new byte[] {0x42}), 0);
            assertArrayEquals(raw, d.value());
            assertEquals(encoded.length, d.length(), "the byte after the encoding is not part of it");
        }
    }

    /*
     * The history key of job 42, derived by hand from spec §3.1 (m ‖ EncodeBytes("DDLJobHistory") ‖
     * EncodeUint('h') ‖ EncodeBytes(8-byte BE id)):
     *   6d                          'm'
     *   44444c4a6f624869 ff         "DDLJobHi", a full group: marker 0xff
     *   73746f7279000000 fc         "story" + 3 zero pads: marker 0xff - 3 = 0xfc
     *   0000000000000068            EncodeUint(0x68 'h'), 8 bytes big-endian
     *   000000000000002a ff         the id 42 as 8 bytes, a full group
     *   0000000000000000 f7         8 bytes make a whole group, so a group of 8 pads follows: 0xff - 8 = 0xf7
     * TiDB's BR checks the raw prefix "mDDLJobH" for these keys (IsMetaDDLJobHistoryKey), which the
     * first group gives.
     */
    @Test
    void ddlHistoryKeyOfAJobIsTheHandDerivedOne() {
        byte[] key = MetaKeys.hashField(MetaKeys.DDL_JOB_HISTORY, MetaKeys.jobIdField(42));
        assertEquals("6d" + "44444c4a6f624869ff" + "73746f7279000000fc" + "0000000000000068"
                + "000000000000002aff" + "0000000000000000f7", HEX.formatHex(key));
        assertTrue(new String(key, 0, 8, StandardCharsets.ISO_8859_1).equals("mDDLJobH"));
        assertArrayEquals(MetaKeys.jobIdField(42), MetaKeys.hashFieldOf(MetaKeys.DDL_JOB_HISTORY, key));
    }

    /*
     * The string key "DDLTableVersion" (15 bytes), by hand: 6d; "DDLTable" ff; "Version" + 1 pad → fe;
     * EncodeUint('s' = 0x73).
     */
    @Test
    void stringKeyIsTheHandDerivedOne() {
        assertEquals("6d" + "44444c5461626c65ff" + "56657273696f6e00fe" + "0000000000000073",
                HEX.formatHex(MetaKeys.string(MetaKeys.DDL_TABLE_VERSION)));
    }

    @Test
    void everyHistoryKeyLiesInsideTheScannedPrefixRange() {
        byte[] prefix = MetaKeys.hashPrefix(MetaKeys.DDL_JOB_HISTORY);
        byte[] end = Memcomparable.prefixNext(prefix);
        for (long id : new long[] {0, 1, 255, 256, Long.MAX_VALUE, -1}) {
            byte[] key = MetaKeys.hashField(MetaKeys.DDL_JOB_HISTORY, MetaKeys.jobIdField(id));
            assertTrue(java.util.Arrays.compareUnsigned(key, prefix) > 0 && java.util.Arrays.compareUnsigned(key, end) < 0,
                    "job " + id);
        }
        assertEquals("6d44444c4a6f624869ff73746f7279000000fc0000000000000069", HEX.formatHex(end));
    }

    @Test
    void malformedEncodingsAreNamed() {
        IllegalArgumentException shortOne = assertThrows(IllegalArgumentException.class,
                () -> Memcomparable.decodeBytes(new byte[] {1, 2, 3}, 0));
        assertTrue(shortOne.getMessage().contains("inside a group"), shortOne.getMessage());
        IllegalArgumentException badMarker = assertThrows(IllegalArgumentException.class,
                () -> Memcomparable.decodeBytes(new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 0x10}, 0));
        assertTrue(badMarker.getMessage().contains("marker 0x10"), badMarker.getMessage());
        IllegalArgumentException badPad = assertThrows(IllegalArgumentException.class,
                () -> Memcomparable.decodeBytes(new byte[] {1, 0, 0, 0, 0, 0, 0, 9, (byte) 0xfe}, 0));
        assertTrue(badPad.getMessage().contains("non-zero padding"), badPad.getMessage());
    }

    private static byte[] bytes(int[] v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return Memcomparable.concat(a, b);
    }
}
