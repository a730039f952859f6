package dev.drainer.proto.binlog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Wire bytes of the tipb messages, computed by hand from the spec's field numbers and types (§2.1-2.3). */
class TipbWireTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    @Test
    void sequenceIsUnpackedOneTagPerElement() {
        TableMutation m = TableMutation.newBuilder()
                .setTableId(45)
                .addInsertedRows(ByteString.copyFrom(new byte[] {1}))
                .addSequence(MutationType.Insert)
                .addSequence(MutationType.DeleteRow)
                .addDeletedIds(7)
                .build();
        // 08 2d: table_id; 12 01 01: inserted row; 20 07: deleted_ids unpacked; 38 00 38 04: sequence.
        assertArrayEquals(hex("08 2d 12 01 01 20 07 38 00 38 04"), m.toByteArray());
    }

    @Test
    void fakeBinlogWithTheAlwaysWrittenFieldsSet() {
        Binlog fake = Binlog.newBuilder().setTp(BinlogType.Rollback).setStartTs(300).setCommitTs(300)
                .setDdlJobId(0).setDdlSchemaState(0).build();
        // gogo's order: tp, start_ts, commit_ts, ddl_job_id, ddl_schema_state; 300 = ac 02.
        assertArrayEquals(hex("08 02 10 ac 02 18 ac 02 38 00 40 00"), fake.toByteArray());
    }

    @Test
    void pullRequestAndResponseFieldNumbers() throws Exception {
        PullBinlogReq req = PullBinlogReq.newBuilder().setClusterID(1)
                .setStartFrom(Pos.newBuilder().setOffset(5)).build();
        assertArrayEquals(hex("08 01 12 02 10 05"), req.toByteArray());
        // Entity{payload=1 byte, meta{startTs=2, commitTs=3}} inside field 1.
        byte[] resp = hex("0a 09 12 01 aa 22 04 08 02 10 03");
        PullBinlogResp r = PullBinlogResp.parseFrom(resp);
        assertEquals(3, r.getEntity().getMeta().getCommitTs());
        assertEquals(ByteString.copyFrom(new byte[] {(byte) 0xaa}), r.getEntity().getPayload());
    }

    @Test
    void serviceMethodPaths() {
        assertEquals("binlog.Pump/PullBinlogs", PumpGrpc.getPullBinlogsMethod().getFullMethodName());
        assertEquals("binlog.Cistern/Notify", CisternGrpc.getNotifyMethod().getFullMethodName());
        assertEquals("binlog.Cistern/DumpBinlog", CisternGrpc.getDumpBinlogMethod().getFullMethodName());
        assertEquals("binlog.Cistern/DumpDDLJobs", CisternGrpc.getDumpDDLJobsMethod().getFullMethodName());
    }
}
