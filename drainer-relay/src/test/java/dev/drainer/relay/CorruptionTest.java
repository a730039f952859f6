package dev.drainer.relay;

import static dev.drainer.relay.RelayTestSupport.concat;
import static dev.drainer.relay.RelayTestSupport.name;
import static dev.drainer.relay.RelayTestSupport.opts;
import static dev.drainer.relay.RelayTestSupport.readAll;
import static dev.drainer.relay.RelayTestSupport.str;
import static dev.drainer.relay.RelayTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Torn tails, garbage, CRC mismatches and absurd lengths, on files built byte by byte. */
class CorruptionTest {
    static final byte[] R0 = RelayFraming.encode(utf8("record-zero"));   // 27 bytes
    static final byte[] R1 = RelayFraming.encode(utf8("record-one"));    // 26 bytes
    static final byte[] R2 = RelayFraming.encode(utf8("record-two-xx")); // 29 bytes
    static final byte[] R3 = RelayFraming.encode(utf8("record-three"));  // 28 bytes

    static List<String> read(RelayReader r) throws Exception {
        List<String> out = new ArrayList<>();
        RelayRecord rec;
        while ((rec = r.readNext()) != null) {
            out.add(str(rec.payload()));
        }
        return out;
    }

    /** Cut points inside R2: 2 (short magic), 5 and 11 (short header), 14 (short payload), 27 (short CRC). */
    @ParameterizedTest
    @ValueSource(ints = {2, 5, 11, 14, 27})
    void tornTailOfTheLastFileIsTheEnd(int cut, @TempDir Path dir) throws Exception {
        Files.write(dir.resolve(name(0)), concat(R0, R1, Arrays.copyOf(R2, cut)));
        try (RelayReader r = RelayReader.open(dir, opts().build())) {
            assertEquals(List.of("record-zero", "record-one"), read(r));
            assertEquals(0, r.corruptionCount());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 5, 11, 14, 27})
    void tornRecordInANonLastFileIsAnErrorNamingFileAndOffset(int cut, @TempDir Path dir) throws Exception {
        Path f0 = dir.resolve(name(0));
        Files.write(f0, concat(R0, R1, Arrays.copyOf(R2, cut)));
        Files.write(dir.resolve(name(1)), R3);
        try (RelayReader r = RelayReader.open(dir, opts().build())) {
            assertEquals("record-zero", str(r.readNext().payload()));
            assertEquals("record-one", str(r.readNext().payload()));
            RelayCorruptException e = assertThrows(RelayCorruptException.class, r::readNext);
            assertEquals(RelayCorruptException.Kind.PARTIAL_RECORD, e.kind());
            assertEquals(f0, e.file());
            assertEquals(R0.length + R1.length, e.offset());
            assertTrue(e.getMessage().contains(f0.toString()) && e.getMessage().contains("offset=53"),
                    e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 5, 11, 14, 27})
    void writerRepairsTheTornTailAndAppendsCleanly(int cut, @TempDir Path dir) throws Exception {
        Path f0 = dir.resolve(name(0));
        Files.write(f0, concat(R0, R1, Arrays.copyOf(R2, cut)));
        RelayStats stats = new RelayStats();
        try (RelayTestSupport.LogCapture log = new RelayTestSupport.LogCapture();
             RelayWriter w = RelayWriter.open(dir, opts().stats(stats).build())) {
            assertEquals(new RelayPosition(0, 53), w.position());
            assertEquals(53, Files.size(f0));
            assertEquals(1, stats.tornTailRepairs());
            assertEquals(cut, stats.tornTailBytesDropped());
            List<String> warn = log.matching("relay torn tail truncated");
            assertEquals(1, warn.size(), log.lines.toString());
            assertTrue(warn.get(0).startsWith("WARNING"), warn.get(0));
            assertTrue(warn.get(0).contains("file=" + f0), warn.get(0));
            assertTrue(warn.get(0).contains("offset=53 dropped_bytes=" + cut), warn.get(0));
            assertEquals(new RelayPosition(0, 53 + R3.length), w.append(utf8("record-three")));
        }
        assertEquals(List.of("record-zero", "record-one", "record-three"), readAll(dir));
        RelayReport report = RelayInspector.inspect(dir, opts().build());
        assertEquals(0, report.totalCrcFailures());
        assertEquals(-1, report.files().get(0).partialOffset());
        assertEquals(3, report.files().get(0).parseFailures(), "test payloads are not secondary binlogs");
    }

    @Test
    void withoutRepairAGoStyleAppendAfterATornTailGivesACrcError(@TempDir Path dir) throws Exception {
        // What the Go drainer leaves behind (spec 5.8): complete records appended after a torn one.
        Path f0 = dir.resolve(name(0));
        Files.write(f0, concat(R0, Arrays.copyOf(R2, 20), R3));
        try (RelayReader r = RelayReader.open(dir, opts().build())) {
            assertEquals("record-zero", str(r.readNext().payload()));
            RelayCorruptException e = assertThrows(RelayCorruptException.class, r::readNext);
            assertEquals(RelayCorruptException.Kind.CRC_MISMATCH, e.kind());
            assertEquals(R0.length, e.offset());
        }
    }

    @Test
    void absurdLengthIsAPartialRecordAndNeverAllocated(@TempDir Path dir) throws Exception {
        byte[] bogus = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putInt(RelayFraming.MAGIC)
                .putLong(0xFFFF_FFFF_FFFF_FFF0L).putInt(0x01020304).putInt(0).array();
        Path f0 = dir.resolve(name(0));
        Files.write(f0, concat(R0, bogus));
        try (RelayReader r = RelayReader.open(dir, opts().build())) {
            assertEquals(List.of("record-zero"), read(r));
        }
        Files.write(dir.resolve(name(1)), R1);
        try (RelayReader r = RelayReader.open(dir, opts().build())) {
            r.readNext();
            RelayCorruptException e = assertThrows(RelayCorruptException.class, r::readNext);
            assertEquals(RelayCorruptException.Kind.PARTIAL_RECORD, e.kind());
            assertTrue(e.getMessage().contains("18446744073709551600"), e.getMessage());
        }
        Files.delete(dir.resolve(name(1)));
        try (RelayWriter w = RelayWriter.open(dir, opts().build())) {
            assertEquals(R0.length, Files.size(f0));
        }
    }

    @Test
    void garbageBetweenRecordsIsSkippedAndCounted(@TempDir Path dir) throws Exception {
        byte[] garbage = {'G', 'A', 'R', 4, 5, 0x1b, 'B', 'A', 'G', 'E', 4};
        Files.write(dir.resolve(name(0)), concat(garbage, R0, garbage, R1, R2));
        Files.write(dir.resolve(name(1)), concat(R3, garbage));
        RelayStats stats = new RelayStats();
        try (RelayReader r = RelayReader.open(dir, opts().stats(stats).build())) {
            List<RelayRecord> recs = new ArrayList<>();
            r.forEach(recs::add);
            assertEquals(List.of("record-zero", "record-one", "record-two-xx", "record-three"),
                    recs.stream().map(x -> str(x.payload())).toList());
            assertEquals(garbage.length, recs.get(0).offset());
            assertEquals(2L * garbage.length + R0.length, recs.get(1).offset());
            assertEquals(3, r.corruptionCount());
            assertEquals(3, stats.corruptionCount());
        }
    }

    @Test
    void garbageAtTheEndOfANonLastFileEndsThatFileOnly(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve(name(0)), concat(R0, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}));
        Files.write(dir.resolve(name(1)), R1);
        try (RelayReader r = RelayReader.open(dir, opts().build())) {
            assertEquals(List.of("record-zero", "record-one"), read(r));
            assertEquals(1, r.corruptionCount());
        }
    }

    @Test
    void writerTruncatesTrailingGarbageButKeepsABadRegionFollowedByAValidRecord(@TempDir Path dir)
            throws Exception {
        byte[] garbage = {9, 9, 9, 9, 9, 9, 9};
        Path f0 = dir.resolve(name(0));
        Files.write(f0, concat(R0, garbage, R1, garbage));
        try (RelayWriter w = RelayWriter.open(dir, opts().build())) {
            assertEquals(R0.length + garbage.length + R1.length, Files.size(f0), "only the trailing garbage goes");
            w.append(utf8("record-three"));
        }
        try (RelayReader r = RelayReader.open(dir, opts().build())) {
            assertEquals(List.of("record-zero", "record-one", "record-three"), read(r));
            assertEquals(1, r.corruptionCount());
        }
    }

    @Test
    void crcMismatchIsFatalAndNamesFileAndOffset(@TempDir Path dir) throws Exception {
        byte[] bad = R1.clone();
        bad[15] ^= 0x20;
        Path f0 = dir.resolve(name(0));
        Files.write(f0, concat(R0, bad, R2));
        try (RelayReader r = RelayReader.open(dir, opts().build())) {
            assertEquals("record-zero", str(r.readNext().payload()));
            RelayCorruptException e = assertThrows(RelayCorruptException.class, r::readNext);
            assertEquals(RelayCorruptException.Kind.CRC_MISMATCH, e.kind());
            assertEquals(f0, e.file());
            assertEquals(R0.length, e.offset());
            assertTrue(e.getMessage().contains("crc mismatch file=" + f0 + " offset=27"), e.getMessage());
            assertSame(e, assertThrows(RelayCorruptException.class, r::readNext), "no resync after a CRC error");
        }
        try (RelayReader r = RelayReader.open(dir, opts().build())) {
            UncheckedIOException u = assertThrows(UncheckedIOException.class, () -> r.stream().count());
            assertInstanceOf(RelayCorruptException.class, u.getCause());
        }
        // A valid record follows the bad one: the writer leaves the file alone.
        long size = Files.size(f0);
        try (RelayWriter w = RelayWriter.open(dir, opts().build())) {
            assertEquals(size, w.position().offset());
        }
        assertEquals(size, Files.size(f0));
    }

    @Test
    void crcBadLastRecordIsATornTailForTheWriter(@TempDir Path dir) throws Exception {
        byte[] bad = R1.clone();
        bad[bad.length - 1] ^= 1;
        Path f0 = dir.resolve(name(0));
        Files.write(f0, concat(R0, bad));
        try (RelayWriter w = RelayWriter.open(dir, opts().build())) {
            assertEquals(R0.length, Files.size(f0));
        }
        try (RelayReader r = RelayReader.open(dir, opts().build())) {
            assertEquals(List.of("record-zero"), read(r));
            assertNull(r.readNext());
        }
    }

    @Test
    void contiguityViolationRefusesToOpen(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve(name(0)), R0);
        Files.write(dir.resolve(name(1)), R1);
        Files.write(dir.resolve(name(3)), R3);
        RelayException e = assertThrows(RelayException.class, () -> RelayReader.open(dir, opts().build()));
        assertTrue(e.getMessage().contains("not contiguous") && e.getMessage().contains("missing_index=2"),
                e.getMessage());
        e = assertThrows(RelayException.class, () -> RelayWriter.open(dir, opts().build()));
        assertTrue(e.getMessage().contains("missing_index=2"), e.getMessage());
        // The lock was released by the failed opens.
        Files.delete(dir.resolve(name(0)));
        Files.delete(dir.resolve(name(1)));
        try (RelayReader r = RelayReader.open(dir, opts().lockTimeout(java.time.Duration.ZERO).build())) {
            assertEquals(List.of("record-three"), read(r));
        }
    }

    @Test
    void gapAfterIndexZeroIsAlsoRejected(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve(name(0)), R0);
        Files.write(dir.resolve(name(2)), R2);
        assertThrows(RelayException.class, () -> RelayReader.open(dir, opts().build()));
    }
}
