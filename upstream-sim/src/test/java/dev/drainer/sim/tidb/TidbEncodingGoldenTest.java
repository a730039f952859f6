package dev.drainer.sim.tidb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.CodedOutputStream;
import dev.drainer.proto.binlog.Binlog;
import dev.drainer.proto.binlog.MutationType;
import dev.drainer.proto.binlog.PrewriteValue;
import dev.drainer.proto.binlog.TableMutation;
import dev.drainer.testkit.workload.ColumnDef;
import dev.drainer.testkit.workload.ColumnType;
import dev.drainer.testkit.workload.Ddl;
import dev.drainer.testkit.workload.RowChange;
import dev.drainer.testkit.workload.TableDef;
import dev.drainer.testkit.workload.Transaction;
import dev.drainer.testkit.workload.UniqueKey;
import dev.drainer.testkit.workload.Workload;
import dev.drainer.testkit.workload.WorkloadSpec;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's TiDB encoding against vectors from outside it (MySQL docs, TiDB comments, protobuf, the spec). */
class TidbEncodingGoldenTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String hex(byte[] b) {
        return HEX.formatHex(b);
    }

    /** Meta keys: TiDB's own EncodeBytes vectors (util/codec bytes_test.go) and the history key derived by hand from spec §3.1. */
    @Test
    void metaKeysMatchTidbVectorsAndTheHandDerivedKey() {
        assertEquals("0000000000000000f7", hex(TidbMetaKeys.comparable(new byte[0])));
        assertEquals("0102030000000000fa", hex(TidbMetaKeys.comparable(new byte[] {1, 2, 3})));
        assertEquals("0102030000000000fb", hex(TidbMetaKeys.comparable(new byte[] {1, 2, 3, 0})));
        assertEquals("0102030405060708ff0000000000000000f7", hex(TidbMetaKeys.comparable(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})));
        assertEquals("0102030405060708ff0900000000000000f8", hex(TidbMetaKeys.comparable(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9})));
        assertEquals("010203", hex(TidbMetaKeys.uncomparable(TidbMetaKeys.comparable(new byte[] {1, 2, 3}))));
        // 'm'; "DDLJobHi" ff; "story"+3 pads fc; EncodeUint('h'); id 42 as 8 bytes ff; a whole pad group f7.
        assertEquals("6d44444c4a6f624869ff73746f7279000000fc0000000000000068000000000000002aff0000000000000000f7",
                hex(TidbMetaKeys.historyJob(42)));
        // 'm'; "DDLTable" ff; "Version"+1 pad fe; EncodeUint('s').
        assertEquals("6d44444c5461626c65ff56657273696f6e00fe0000000000000073", hex(TidbMetaKeys.string("DDLTableVersion")));
    }

    @Test
    void datumsMatchPublishedBytes() throws Exception {
        // MySQL decimal2bin example: 1234567890.1234 as DECIMAL(14,4), and its negative.
        assertEquals("060e04810dfb38d204d2", hex(new DatumWriter().decimal(new BigDecimal("1234567890.1234"), 14, 4).toByteArray()));
        assertEquals("060e047ef204c72dfb2d", hex(new DatumWriter().decimal(new BigDecimal("-1234567890.1234"), 14, 4).toByteArray()));
        for (long v : new long[] {0, -1, 1, 300, Long.MIN_VALUE, Long.MAX_VALUE}) {
            ByteArrayOutputStream sint = new ByteArrayOutputStream();
            CodedOutputStream cos = CodedOutputStream.newInstance(sint);
            cos.writeSInt64NoTag(v);
            cos.flush();
            assertEquals("08" + hex(sint.toByteArray()), hex(new DatumWriter().varint(v).toByteArray()), "varint " + v);
            ByteArrayOutputStream uint = new ByteArrayOutputStream();
            cos = CodedOutputStream.newInstance(uint);
            cos.writeUInt64NoTag(v);
            cos.flush();
            assertEquals("09" + hex(uint.toByteArray()), hex(new DatumWriter().uvarint(v).toByteArray()), "uvarint " + v);
        }
        assertEquals("05bff8000000000000", hex(new DatumWriter().floating(1.5).toByteArray()));
        assertEquals("054007ffffffffffff", hex(new DatumWriter().floating(-1.5).toByteArray()));
        // Binary JSON laid out by hand from the format description (see the decoder's golden test).
        assertEquals("0a01010000001c0000001300000001000914000000610100000000000000",
                hex(new DatumWriter().json("{\"a\":1}").toByteArray()));
        assertEquals("0a0303000000190000000401000000" + "0c17000000" + "04000000000178",
                hex(new DatumWriter().json("[true,\"x\",null]").toByteArray()));
        assertEquals(0x19B2443105000006L, TidbColumn.packed(java.time.LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6000)));
    }

    /** The spec's worked example (§2.5; computed by the spec's authors from the rules, not by TiDB). */
    @Test
    void rowsOfTheSpecsWorkedExample() {
        TableDef t = new TableDef("s", "t", List.of(ColumnDef.of("id", ColumnType.INT).notNull(),
                ColumnDef.sized("name", ColumnType.VARCHAR, 20), ColumnDef.of("score", ColumnType.DOUBLE)),
                new UniqueKey(UniqueKey.PRIMARY, List.of("id")), List.of());
        List<Object> ab = Arrays.asList(BigInteger.ONE, "ab", 1.5);
        List<Object> cd = Arrays.asList(BigInteger.ONE, "cd", 1.5);
        long ts = WorkloadSpec.DEFAULT_FIRST_COMMIT_TS;
        Workload w = Workload.of(WorkloadSpec.defaults(1, "s"), List.of(Transaction.ddl(ts, Ddl.createTable(t)),
                Transaction.dml(ts + 1, List.of(RowChange.insert(t, ab))),
                Transaction.dml(ts + 2, List.of(RowChange.update(t, ab, cd))),
                Transaction.dml(ts + 3, List.of(RowChange.delete(t, cd)))));
        List<Binlog> b = TidbBinlogEncoder.encodeAll(w).binlogs();
        TableMutation ins = mutation(b.get(1));
        assertEquals("0802" + "0804020461620806" + "05bff8000000000000", hex(ins.getInsertedRows(0).toByteArray()));
        assertEquals(List.of(MutationType.Insert), ins.getSequenceList());
        assertEquals("08020802080402046162080605bff8000000000000" + "08020802080402046364080605bff8000000000000",
                hex(mutation(b.get(2)).getUpdatedRows(0).toByteArray()));
        assertEquals("08020802080402046364080605bff8000000000000", hex(mutation(b.get(3)).getDeletedRows(0).toByteArray()));
        assertEquals(List.of(MutationType.DeleteRow), mutation(b.get(3)).getSequenceList());
        assertEquals(b.get(1).getStartTs() + 1, b.get(1).getCommitTs());
    }

    private static TableMutation mutation(Binlog b) {
        try {
            PrewriteValue pv = PrewriteValue.parseFrom(b.getPrewriteValue());
            assertEquals(1, pv.getMutationsCount());
            return pv.getMutations(0);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
