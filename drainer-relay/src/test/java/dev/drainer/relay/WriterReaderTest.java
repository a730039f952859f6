package dev.drainer.relay;

import static dev.drainer.relay.RelayTestSupport.dataFiles;
import static dev.drainer.relay.RelayTestSupport.name;
import static dev.drainer.relay.RelayTestSupport.opts;
import static dev.drainer.relay.RelayTestSupport.readAll;
import static dev.drainer.relay.RelayTestSupport.str;
import static dev.drainer.relay.RelayTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WriterReaderTest {

    @Test
    void roundTripPreservesPayloadsAndPositions(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("relay");
        Random rnd = new Random(42);
        List<byte[]> payloads = new ArrayList<>();
        List<RelayPosition> positions = new ArrayList<>();
        try (RelayWriter w = RelayWriter.open(dir, opts().maxFileSize(4096).build())) {
            for (int i = 0; i < 200; i++) {
                byte[] p = new byte[rnd.nextInt(300)];
                rnd.nextBytes(p);
                payloads.add(p);
                positions.add(w.append(p));
            }
            w.sync();
        }
        try (RelayReader r = RelayReader.open(dir, opts().build())) {
            int i = 0;
            RelayRecord rec;
            long prevEnd = 0;
            long prevSuffix = 0;
            while ((rec = r.readNext()) != null) {
                assertArrayEquals(payloads.get(i), rec.payload(), "record " + i);
                assertEquals(positions.get(i), rec.pos());
                assertEquals(rec.pos().offset(), rec.offset() + rec.payload().length + 16);
                assertEquals(String.format("binlog-%016d-%s", rec.pos().suffix(), RelayTestSupport.STAMP),
                        rec.fileName());
                if (rec.pos().suffix() != prevSuffix) {
                    assertEquals(prevSuffix + 1, rec.pos().suffix());
                    prevEnd = 0;
                    prevSuffix = rec.pos().suffix();
                }
                assertEquals(prevEnd, rec.offset());
                prevEnd = rec.pos().offset();
                i++;
            }
            assertEquals(payloads.size(), i);
            assertNull(r.readNext());
            assertEquals(0, r.corruptionCount());
        }
    }

    @Test
    void emptyDirectoryGetsFileZeroAndPermissions(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("a/b/relay");
        try (RelayWriter w = RelayWriter.open(dir, opts().build())) {
            assertEquals(name(0), w.currentFileName());
            assertEquals(new RelayPosition(0, 0), w.position());
        }
        assertEquals(List.of(name(0)), dataFiles(dir));
        assertTrue(Files.exists(dir.resolve(".lock")));
        assertEquals(0, Files.size(dir.resolve(".lock")), "holder info is cleared on close");
        if (DirectoryLock.posix()) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
            assertEquals("rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(name(0)))));
        }
    }

    @Test
    void reopenContinuesAtTheEndOfTheNewestFile(@TempDir Path dir) throws Exception {
        RelayPosition p1;
        try (RelayWriter w = RelayWriter.open(dir, opts().build())) {
            p1 = w.append(utf8("one"));
        }
        assertEquals(new RelayPosition(0, 19), p1);
        try (RelayWriter w = RelayWriter.open(dir, opts().build())) {
            assertEquals(p1, w.position());
            assertEquals(new RelayPosition(0, 38), w.append(utf8("two")));
        }
        assertEquals(List.of("one", "two"), readAll(dir));
        assertEquals(List.of(name(0)), dataFiles(dir));
    }

    @Test
    void rotatesAfterTheRecordThatReachesExactlyTheLimit(@TempDir Path dir) throws Exception {
        // Payload 4 bytes -> record 20 bytes. Limit 40: the second record ends exactly at 40 and triggers rotation.
        try (RelayWriter w = RelayWriter.open(dir, opts().maxFileSize(40).build())) {
            assertEquals(new RelayPosition(0, 20), w.append(utf8("aaaa")));
            assertEquals(name(0), w.currentFileName());
            assertEquals(new RelayPosition(0, 40), w.append(utf8("bbbb")));
            assertEquals(name(1), w.currentFileName(), "rotated right after reaching the limit");
            assertEquals(new RelayPosition(1, 0), w.position());
            assertEquals(new RelayPosition(1, 20), w.append(utf8("cccc")));
        }
        assertEquals(List.of(name(0), name(1)), dataFiles(dir));
        assertEquals(40, Files.size(dir.resolve(name(0))));
        assertEquals(20, Files.size(dir.resolve(name(1))));
    }

    @Test
    void oneByteBelowTheLimitDoesNotRotateAndRecordsAreNeverSplit(@TempDir Path dir) throws Exception {
        try (RelayWriter w = RelayWriter.open(dir, opts().maxFileSize(41).build())) {
            w.append(utf8("aaaa"));
            w.append(utf8("bbbb")); // ends at 40 < 41
            assertEquals(name(0), w.currentFileName());
            w.append(utf8("cccccccccccccccccccc")); // 36 bytes, file grows to 76 > 41: whole record stays
            assertEquals(name(1), w.currentFileName());
        }
        assertEquals(76, Files.size(dir.resolve(name(0))));
        assertEquals(0, Files.size(dir.resolve(name(1))));
        assertEquals(List.of("aaaa", "bbbb", "cccccccccccccccccccc"), readAll(dir));
        // Every file parses into complete records on its own.
        for (String f : dataFiles(dir)) {
            try (var ch = java.nio.channels.FileChannel.open(dir.resolve(f))) {
                RecordScanner s = new RecordScanner(ch, dir.resolve(f), ch.size());
                long pos = 0;
                RecordScanner.Result r;
                while ((r = s.at(pos)).status() == RecordScanner.Status.RECORD) {
                    pos = r.end();
                }
                assertEquals(RecordScanner.Status.EOF, r.status(), f);
            }
        }
    }

    @Test
    void nonPositiveMaxFileSizeMeansTenMiB() {
        assertEquals(10485760, RelayOptions.builder().maxFileSize(0).build().maxFileSize());
        assertEquals(10485760, RelayOptions.builder().maxFileSize(-5).build().maxFileSize());
        assertEquals(10485760, RelayOptions.defaults().maxFileSize());
        assertEquals(FsyncPolicy.COMMIT, RelayOptions.defaults().fsyncPolicy());
    }

    @Test
    void gcFollowsTheGoRule(@TempDir Path dir) throws Exception {
        // max-file-size 10: every record rotates, so record i is the only record of file i.
        try (RelayWriter w = RelayWriter.open(dir, opts().maxFileSize(10).build())) {
            List<RelayPosition> pos = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                pos.add(w.append(utf8("r" + i)));
                assertEquals(i, pos.get(i).suffix());
            }
            assertEquals(names(0, 1, 2, 3, 4, 5), dataFiles(dir));

            assertEquals(0, w.gc(pos.get(0)), "suffix 0 is not > nextGcSuffix 0");
            assertEquals(1, w.gc(pos.get(1)));
            assertEquals(names(1, 2, 3, 4, 5), dataFiles(dir));
            assertEquals(0, w.gc(pos.get(1)), "same suffix again: nothing");
            assertEquals(2, w.gc(pos.get(3)));
            assertEquals(names(3, 4, 5), dataFiles(dir));
            assertEquals(0, w.gc(pos.get(2)), "lower suffix: nothing");
            // A position beyond every file: everything below is deleted except the newest file.
            assertEquals(2, w.gc(new RelayPosition(9, 0)));
            assertEquals(names(5), dataFiles(dir));
            assertEquals(5, w.stats().filesDeleted());
            w.append(utf8("after-gc"));
        }
        assertEquals(List.of("after-gc"), readAll(dir));
    }

    @Test
    void gcNeverDeletesTheNewestFileAndRestartsPerProcess(@TempDir Path dir) throws Exception {
        try (RelayWriter w = RelayWriter.open(dir, opts().build())) {
            RelayPosition p = w.append(utf8("x"));
            assertEquals(0, w.gc(new RelayPosition(5, 0)), "file 0 is the newest");
            assertEquals(0, w.gc(p));
        }
        assertEquals(names(0), dataFiles(dir));
        try (RelayWriter w = RelayWriter.open(dir, opts().maxFileSize(10).build())) {
            w.append(utf8("y")); // rotates to file 1
            w.append(utf8("z")); // rotates to file 2
            assertEquals(names(0, 1, 2), dataFiles(dir));
            // nextGcSuffix starts at 0 in the new process: suffix 1 deletes file 0.
            assertEquals(1, w.gc(new RelayPosition(1, 17)));
        }
        assertEquals(names(1, 2), dataFiles(dir));
        assertEquals(List.of("z"), readAll(dir));
    }

    @Test
    void fsyncCommitForcesFilesAndDirectory(@TempDir Path dir) throws Exception {
        RelayStats stats = new RelayStats();
        try (RelayWriter w = RelayWriter.open(dir, opts().fsyncPolicy(FsyncPolicy.COMMIT).maxFileSize(60)
                .stats(stats).build())) {
            assertEquals(0, stats.directorySyncs(), "the directory existed: its parent is not forced");
            w.append(utf8("aaaa"));
            w.sync();
            assertEquals(1, stats.fileSyncs());
            assertEquals(1, stats.directorySyncs(), "file 0 was created: directory forced");
            w.append(utf8("bbbb"));
            w.sync();
            assertEquals(2, stats.fileSyncs());
            assertEquals(1, stats.directorySyncs(), "nothing created: directory not forced");
            w.append(utf8("cccc")); // ends at 60: rotation forces the old file before closing it
            assertEquals(3, stats.fileSyncs());
            w.sync();
            assertEquals(4, stats.fileSyncs());
            assertEquals(2, stats.directorySyncs(), "rotation created a file");
            w.append(utf8("dddd"));
            w.append(utf8("eeee"));
            w.append(utf8("ffff")); // rotation to file 2
            assertEquals(5, stats.fileSyncs());
            assertEquals(1, w.gc(new RelayPosition(1, 20)));
            assertEquals(3, stats.directorySyncs(), "gc deletion forces the directory");
            w.sync();
            assertEquals(6, stats.fileSyncs());
            assertEquals(3, stats.directorySyncs(), "gc already forced the directory");
        }
        assertEquals(7, stats.fileSyncs(), "close forces the current file");
        assertEquals(List.of("dddd", "eeee", "ffff"), readAll(dir));
        assertEquals(6, stats.recordsWritten());
        assertEquals(120, stats.bytesWritten());
        assertEquals(3, stats.filesCreated());
        assertEquals(1, stats.filesDeleted());
        assertEquals(-1, stats.currentFileIndex());
    }

    @Test
    void fsyncOffNeverForces(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("new");
        RelayStats stats = new RelayStats();
        try (RelayWriter w = RelayWriter.open(dir, opts().fsyncPolicy(FsyncPolicy.OFF).maxFileSize(40)
                .stats(stats).build())) {
            for (int i = 0; i < 6; i++) {
                w.append(utf8("rec" + i));
                w.sync();
            }
            w.gc(new RelayPosition(2, 0));
            assertEquals(3, w.stats().currentFileIndex());
        }
        assertEquals(0, stats.fileSyncs());
        assertEquals(0, stats.directorySyncs());
        assertEquals(List.of("rec4", "rec5"), readAll(dir));
    }

    @Test
    void createdDirectoryForcesItsParentUnderCommit(@TempDir Path tmp) throws Exception {
        RelayStats stats = new RelayStats();
        try (RelayWriter w = RelayWriter.open(tmp.resolve("fresh"), opts().stats(stats).build())) {
            assertEquals(1, stats.directorySyncs());
        }
    }

    @Test
    void probePointsFireInOrder(@TempDir Path dir) throws Exception {
        List<String> points = new ArrayList<>();
        try (RelayWriter w = RelayWriter.open(dir, opts().maxFileSize(40).probe(points::add).build())) {
            w.append(utf8("aaaa"));
            w.sync();
            w.append(utf8("bbbb"));
            w.append(utf8("cccc"));
            w.append(utf8("dddd"));
            w.gc(new RelayPosition(2, 0));
        }
        // Records reach the file at sync and rotation: one write (in two halves) per buffer, not per record.
        assertEquals(List.of("relay.append.before", "relay.append.after",
                "relay.write.partial", "relay.sync.before",
                "relay.append.before", "relay.append.after", "relay.write.partial", "relay.rotate.created",
                "relay.append.before", "relay.append.after",
                "relay.append.before", "relay.append.after", "relay.write.partial", "relay.rotate.created",
                "relay.gc.deleted", "relay.gc.deleted"), points);
    }

    @Test
    void recordsAreBufferedUntilSyncUnderEitherPolicyAndCloseWritesTheRest(@TempDir Path tmp) throws Exception {
        for (FsyncPolicy policy : FsyncPolicy.values()) {
            Path dir = tmp.resolve(policy.name());
            try (RelayWriter w = RelayWriter.open(dir, opts().fsyncPolicy(policy).build())) {
                w.append(utf8("first"));
                assertEquals(0, Files.size(dir.resolve(name(0))), policy + ": appended, not yet written");
                w.sync();
                assertEquals(21, Files.size(dir.resolve(name(0))), policy + ": sync writes it, forced or not");
                w.append(utf8("second"));
            }
            assertEquals(List.of("first", "second"), readAll(dir), policy + ": close writes what is buffered");
        }
    }

    @Test
    void recordsLargerThanTheBufferAndAFullBufferGoToTheFileInOrder(@TempDir Path dir) throws Exception {
        byte[] big = new byte[RelayWriter.BUFFER_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 'x');
        byte[] small = new byte[RelayWriter.BUFFER_BYTES / 3];
        java.util.Arrays.fill(small, (byte) 'y');
        List<byte[]> appended = List.of(small, small, small, big, small, big);
        long written;
        try (RelayWriter w = RelayWriter.open(dir, opts().maxFileSize(64L << 20).build())) {
            for (byte[] p : appended) {
                w.append(p);
            }
            written = Files.size(dir.resolve(name(0)));
        }
        // A record that does not fit sends the buffer out first; one larger than the buffer follows it at once.
        assertEquals(4L * (small.length + 16) + 2L * (big.length + 16), written, "all written before close");
        List<byte[]> read = new ArrayList<>();
        try (RelayReader r = RelayReader.open(dir, opts().build())) {
            for (RelayRecord rec = r.readNext(); rec != null; rec = r.readNext()) {
                read.add(rec.payload());
            }
        }
        assertEquals(appended.size(), read.size());
        for (int i = 0; i < appended.size(); i++) {
            assertArrayEquals(appended.get(i), read.get(i), "record " + i);
        }
    }

    @Test
    void probeAbortAtPartialLeavesTornTailThatReopenRepairs(@TempDir Path dir) throws Exception {
        RuntimeException crash = new RuntimeException("simulated crash");
        boolean[] armed = {false};
        RelayWriter w = RelayWriter.open(dir, opts().probe(p -> {
            if (armed[0] && p.equals(RelayWriter.PROBE_WRITE_PARTIAL)) {
                throw crash;
            }
        }).build());
        w.append(utf8("complete"));
        w.sync();
        armed[0] = true;
        w.append(utf8("torn-record-payload"));
        assertEquals(crash, assertThrows(RuntimeException.class, w::sync));
        long size = Files.size(dir.resolve(name(0)));
        assertEquals(24 + (16 + 19) / 2, size, "half of the second record is on disk");
        RelayException refused = assertThrows(RelayException.class, () -> w.append(utf8("more")));
        assertTrue(refused.getMessage().contains("offset=24"), refused.getMessage());
        assertThrows(RelayException.class, w::sync);
        w.close();
        assertEquals(List.of("complete"), readAll(dir), "reader tolerates the torn tail");
        try (RelayWriter w2 = RelayWriter.open(dir, opts().build())) {
            assertEquals(new RelayPosition(0, 24), w2.position());
            w2.append(utf8("next"));
        }
        assertEquals(List.of("complete", "next"), readAll(dir));
    }

    @Test
    void readerOnEmptyDirectoryCreatesNoDataFile(@TempDir Path dir) throws Exception {
        try (RelayReader r = RelayReader.open(dir, opts().build())) {
            assertNull(r.readNext());
            assertEquals(List.of(), r.fileNames());
        }
        assertEquals(List.of(), dataFiles(dir));
    }

    @Test
    void readerOnMissingDirectoryNamesIt(@TempDir Path tmp) {
        Path missing = tmp.resolve("nope");
        RelayException e = assertThrows(RelayException.class, () -> RelayReader.open(missing, opts().build()));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertFalse(Files.exists(missing));
    }

    @Test
    void streamAndIterator(@TempDir Path dir) throws Exception {
        try (RelayWriter w = RelayWriter.open(dir, opts().maxFileSize(50).build())) {
            for (int i = 0; i < 10; i++) {
                w.append(utf8("s" + i));
            }
        }
        try (RelayReader r = RelayReader.open(dir, opts().build())) {
            assertEquals(IntStream.range(0, 10).mapToObj(i -> "s" + i).toList(),
                    r.stream().map(rec -> str(rec.payload())).toList());
        }
    }

    @Test
    void closedWriterRefuses(@TempDir Path dir) throws Exception {
        RelayWriter w = RelayWriter.open(dir, opts().build());
        w.close();
        w.close();
        assertThrows(RelayException.class, () -> w.append(new byte[1]));
        assertThrows(RelayException.class, () -> w.gc(new RelayPosition(1, 0)));
    }

    static List<String> names(long... idx) {
        List<String> out = new ArrayList<>();
        for (long i : idx) {
            out.add(name(i));
        }
        return out;
    }
}
