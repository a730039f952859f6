package dev.drainer.relay;

import static dev.drainer.relay.RelayTestSupport.concat;
import static dev.drainer.relay.RelayTestSupport.hex;
import static dev.drainer.relay.RelayTestSupport.opts;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.proto.secondary.SecondaryBinlog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay directory laid out the way the Go drainer leaves it, built from literal bytes computed outside this code
 * base (CRC-32C and protobuf encodings worked out by hand with an independent script), so the writer and the reader
 * cannot agree on a shared mistake.
 */
class GoFixtureTest {
    // DDL, commit_ts 449572512478822401, test.t "create table t (a int primary key)"; 59-byte payload.
    static final String REC_A = "04051b1c3b00000000000000"
            + "0801108180d29897facc9e06222d0a04746573741201741a22637265617465207461626c65207420286120696e742070"
            + "72696d617279206b657929"
            + "56c5f649";
    // DML insert into test.t (a) values (1), commit_ts 449572512478822402; 51-byte payload.
    static final String REC_B = "04051b1c3300000000000000"
            + "0800108280d29897facc9e061a250a230a04746573741201741a0e0a01611203696e741801200b28002208080012040a"
            + "021001"
            + "9849f1ef";
    // DDL "alter table t add column b int", commit_ts 449572512478822403; 55-byte payload.
    static final String REC_C = "04051b1c3700000000000000"
            + "0801108380d29897facc9e0622290a04746573741201741a1e616c746572207461626c6520742061646420636f6c756d"
            + "6e206220696e74"
            + "11b83e3e";
    // DML insert (a) values (2), commit_ts 449572512478822404; 51-byte payload.
    static final String REC_D = "04051b1c3300000000000000"
            + "0800108480d29897facc9e061a250a230a04746573741201741a0e0a01611203696e741801200b28002208080012040a"
            + "021002"
            + "74f457b4";
    static final String HELLO = "04051b1c0500000000000000 68656c6c6f 4cbb719a";

    static final String F3 = "binlog-0000000000000003-20240102030405";
    static final String F4 = "binlog-0000000000000004";
    static final String F5 = "binlog-0000000000000005-20240102030406-449572512478822404.bin";

    static Path fixture(Path dir) throws Exception {
        Files.write(dir.resolve(F3), concat(hex(REC_A), hex(REC_B)));
        Files.write(dir.resolve(F4), hex(REC_C));
        // Newest file: one record and a torn tail (7 bytes of a header).
        Files.write(dir.resolve(F5), concat(hex(REC_D), hex("04051b1c330000")));
        // Entries a reader must ignore.
        Files.write(dir.resolve(".lock"), new byte[0]);
        Files.write(dir.resolve("binlog-0000000000000006.checkpoint"), hex(REC_A));
        Files.write(dir.resolve("binlog-0000000000000006-20240102030407.tmp"), hex(REC_A));
        Files.write(dir.resolve("binlog-0000000000000009.lock"), new byte[0]);
        Files.write(dir.resolve("README"), "not a relay file".getBytes());
        return dir;
    }

    @Test
    void readsAGoLayoutDirectory(@TempDir Path dir) throws Exception {
        fixture(dir);
        List<RelayRecord> recs = new ArrayList<>();
        try (RelayReader r = RelayReader.open(dir, opts().build())) {
            assertEquals(List.of(F3, F4, F5), r.fileNames());
            RelayRecord rec;
            while ((rec = r.readNext()) != null) {
                recs.add(rec);
            }
            assertNull(r.readNext());
            assertEquals(0, r.corruptionCount());
        }
        assertEquals(4, recs.size());
        assertEquals(new RelayPosition(3, 75), recs.get(0).pos());
        assertEquals(new RelayPosition(3, 142), recs.get(1).pos());
        assertEquals(75, recs.get(1).offset());
        assertEquals(new RelayPosition(4, 71), recs.get(2).pos());
        assertEquals(new RelayPosition(5, 67), recs.get(3).pos());
        assertEquals(F5, recs.get(3).fileName());

        long ts = 449572512478822401L;
        for (RelayRecord rec : recs) {
            SecondaryBinlog.Binlog b = SecondaryBinlog.Binlog.parseFrom(rec.payload());
            assertEquals(ts++, b.getCommitTs());
        }
        SecondaryBinlog.Binlog ddl = SecondaryBinlog.Binlog.parseFrom(recs.get(0).payload());
        assertEquals(SecondaryBinlog.BinlogType.DDL, ddl.getType());
        assertEquals("create table t (a int primary key)", ddl.getDdlData().getDdlQuery().toStringUtf8());
        SecondaryBinlog.Binlog dml = SecondaryBinlog.Binlog.parseFrom(recs.get(1).payload());
        assertEquals(1, dml.getDmlData().getTables(0).getMutations(0).getRow().getColumns(0).getInt64Value());
    }

    @Test
    void writerContinuesAGoDirectoryByteForByte(@TempDir Path dir) throws Exception {
        fixture(dir);
        try (RelayWriter w = RelayWriter.open(dir, opts().maxFileSize(100).build())) {
            assertEquals(new RelayPosition(5, 67), w.position(), "torn 7-byte tail removed");
            assertEquals(new RelayPosition(5, 88), w.append("hello".getBytes()));
            assertEquals(F5, w.currentFileName(), "88 < 100: no rotation yet");
        }
        assertArrayEquals(concat(hex(REC_D), hex(HELLO)), Files.readAllBytes(dir.resolve(F5)));
    }

    @Test
    void writerRotationNamesFollowTheGoPattern(@TempDir Path dir) throws Exception {
        fixture(dir);
        try (RelayWriter w = RelayWriter.open(dir, opts().maxFileSize(80).build())) {
            assertEquals(new RelayPosition(5, 88), w.append("hello".getBytes()));
            assertEquals("binlog-0000000000000006-20240506070809", w.currentFileName());
            assertEquals(new RelayPosition(6, 21), w.append("hello".getBytes()));
        }
        assertArrayEquals(hex(HELLO), Files.readAllBytes(dir.resolve("binlog-0000000000000006-20240506070809")));
        assertArrayEquals(hex(REC_A), Files.readAllBytes(dir.resolve("binlog-0000000000000006.checkpoint")),
                "ignored entries untouched");
    }

    @Test
    void inspectorReportsTheFixture(@TempDir Path dir) throws Exception {
        fixture(dir);
        RelayReport report = RelayInspector.inspect(dir, opts().build());
        assertTrue(report.ok(), report.toText());
        assertEquals(3, report.totalFiles());
        assertEquals(4, report.totalRecords());
        assertEquals(449572512478822401L, report.minCommitTs().getAsLong());
        assertEquals(449572512478822404L, report.maxCommitTs().getAsLong());
        RelayReport.FileReport f5 = report.files().get(2);
        assertEquals(F5, f5.name());
        assertEquals(67, f5.partialOffset());
        assertEquals(7, f5.partialBytes());
        assertTrue(f5.status().contains("torn tail@67 (7 bytes, tolerated)"), f5.status());
        String text = report.toText();
        assertTrue(text.contains(F3) && text.contains("TOTAL (3 files)") && text.contains("verdict: ok"), text);
    }
}
