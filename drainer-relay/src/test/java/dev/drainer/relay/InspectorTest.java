package dev.drainer.relay;

import static dev.drainer.relay.RelayTestSupport.concat;
import static dev.drainer.relay.RelayTestSupport.name;
import static dev.drainer.relay.RelayTestSupport.opts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.drainer.proto.secondary.SecondaryBinlog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectorTest {

    static byte[] ddl(long ts) {
        return SecondaryBinlog.Binlog.newBuilder().setType(SecondaryBinlog.BinlogType.DDL).setCommitTs(ts)
                .setDdlData(SecondaryBinlog.DDLData.newBuilder().setSchemaName("s").setTableName("t")
                        .setDdlQuery(ByteString.copyFromUtf8("create table t (a int)")))
                .build().toByteArray();
    }

    @Test
    void reportsEveryProblemPerFile(@TempDir Path dir) throws Exception {
        byte[] a = RelayFraming.encode(ddl(100));
        byte[] b = RelayFraming.encode(ddl(200));
        byte[] c = RelayFraming.encode(ddl(300));
        byte[] badCrc = RelayFraming.encode(ddl(250));
        badCrc[20] ^= 1;
        byte[] unparsable = RelayFraming.encode(new byte[] {0x0a, 0x05, 0x01});
        byte[] garbage = {7, 7, 7, 7, 7};
        Files.write(dir.resolve(name(0)), concat(a, b));
        Files.write(dir.resolve(name(1)), concat(badCrc, garbage, c, unparsable));
        Files.write(dir.resolve(name(2)), concat(RelayFraming.encode(ddl(400)), Arrays.copyOf(a, 10)));

        RelayReport report = RelayInspector.inspect(dir, opts().build());
        assertTrue(report.locked());
        assertFalse(report.ok());
        assertTrue(report.contiguityProblem().isEmpty());
        RelayReport.FileReport f0 = report.files().get(0);
        assertEquals(2, f0.records());
        assertEquals(100, f0.minCommitTs().getAsLong());
        assertEquals(200, f0.maxCommitTs().getAsLong());
        assertEquals("ok", f0.status());
        assertTrue(f0.readable());

        RelayReport.FileReport f1 = report.files().get(1);
        assertEquals(3, f1.records(), "the inspector continues after a CRC mismatch");
        assertEquals(1, f1.crcFailures());
        assertEquals(0, f1.firstCrcFailureOffset());
        assertEquals(1, f1.parseFailures());
        assertEquals(badCrc.length + garbage.length + c.length, f1.firstParseFailureOffset());
        assertEquals(1, f1.skippedRegions());
        assertEquals(garbage.length, f1.skippedBytes());
        assertEquals(300, f1.minCommitTs().getAsLong());
        assertFalse(f1.crcOk());
        assertFalse(f1.readable());

        RelayReport.FileReport f2 = report.files().get(2);
        assertTrue(f2.last());
        assertEquals(RelayFraming.encode(ddl(400)).length, f2.partialOffset());
        assertEquals(10, f2.partialBytes());
        assertTrue(f2.readable());

        assertEquals(6, report.totalRecords());
        assertEquals(1, report.totalCrcFailures());
        assertEquals(1, report.totalParseFailures());
        assertEquals(100, report.minCommitTs().getAsLong());
        assertEquals(400, report.maxCommitTs().getAsLong());
        String text = report.toText();
        assertTrue(text.contains("CRC MISMATCH x1 first@0"), text);
        assertTrue(text.contains("UNPARSABLE PAYLOAD x1 first@" + f1.firstParseFailureOffset() + " (not a slave.binlog.Binlog: "),
                text);
        assertTrue(text.contains("garbage skipped x1 (5 bytes)"), text);
        assertTrue(text.contains("torn tail@"), text);
        assertTrue(text.contains("verdict: the reader would fail"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("FILE ") && l.contains("MIN-COMMIT-TS")), text);
    }

    @Test
    void partialRecordInANonLastFileAndGapsAreReportedNotThrown(@TempDir Path dir) throws Exception {
        byte[] a = RelayFraming.encode(ddl(1));
        Files.write(dir.resolve(name(0)), Arrays.copyOf(a, 20));
        Files.write(dir.resolve(name(1)), a);
        Files.write(dir.resolve(name(3)), a);
        RelayReport report = RelayInspector.inspectWithoutLock(dir);
        assertFalse(report.locked());
        assertTrue(report.contiguityProblem().orElseThrow().contains("missing_index=2"));
        assertTrue(report.files().get(0).status().contains("PARTIAL RECORD@0 in non-last file"));
        assertFalse(report.ok());
        assertTrue(report.toText().contains("CONTIGUITY: "), report.toText());
    }

    @Test
    void emptyAndMissingDirectories(@TempDir Path dir) throws Exception {
        RelayReport report = RelayInspector.inspect(dir, opts().build());
        assertTrue(report.ok());
        assertEquals(0, report.totalFiles());
        assertTrue(report.minCommitTs().isEmpty());
        assertTrue(report.toText().contains("TOTAL (0 files)"));
        RelayException e = assertThrows(RelayException.class,
                () -> RelayInspector.inspectWithoutLock(dir.resolve("missing")));
        assertTrue(e.getMessage().contains("missing"));
    }
}
