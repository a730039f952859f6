package dev.drainer.relay;

import static dev.drainer.relay.RelayTestSupport.hex;
import static dev.drainer.relay.RelayTestSupport.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FramingAndNamesTest {

    @Test
    void helloVector() {
        assertEquals("04051b1c0500000000000000" + "68656c6c6f" + "4cbb719a", hex(RelayFraming.encode(utf8("hello"))));
        assertEquals(0x9a71bb4c, RelayFraming.crc32c(utf8("hello")));
    }

    @Test
    void emptyPayloadFraming() {
        // CRC-32C of nothing is 0.
        assertEquals("04051b1c0000000000000000" + "00000000", hex(RelayFraming.encode(new byte[0])));
    }

    @Test
    void crc32cCheckValue() {
        // The standard CRC-32C check value of "123456789".
        assertEquals(0xe3069283, RelayFraming.crc32c(utf8("123456789")));
    }

    @Test
    void formatsNames() {
        assertEquals("binlog-0000000000000000-20240102030405",
                RelayFileName.format(0, LocalDateTime.of(2024, 1, 2, 3, 4, 5)));
        assertEquals("binlog-0000000000000123-20241231235959",
                RelayFileName.format(123, LocalDateTime.of(2024, 12, 31, 23, 59, 59)));
        assertEquals("binlog-0000000000000007-" + RelayTestSupport.STAMP,
                RelayFileName.create(7, RelayTestSupport.FIXED).name());
        assertThrows(IllegalArgumentException.class, () -> RelayFileName.format(-1, LocalDateTime.now()));
    }

    @Test
    void parsesTheThreeAcceptedForms() {
        assertEquals(Optional.of(new RelayFileName(5, "binlog-0000000000000005-20240102030405")),
                RelayFileName.parse("binlog-0000000000000005-20240102030405"));
        assertEquals(5, RelayFileName.parse("binlog-0000000000000005").orElseThrow().index());
        assertEquals(42, RelayFileName.parse("binlog-0000000000000042-20240102030405-449572512478822401.bin")
                .orElseThrow().index());
    }

    @Test
    void ignoresOtherNames() {
        for (String n : List.of(".lock", "binlog.lock", "binlog-0000000000000001.lock", "savepoint.checkpoint",
                "binlog-0000000000000001-checkpoint", "binlog-0000000000000001-20240102030405.tmp",
                "binlog-000000000000001", "binlog-00000000000000001", "binlog-0000000000000001-2024",
                "binlog-0000000000000001-20240102030405-", "README", "relay-0000000000000001")) {
            assertTrue(RelayFileName.parse(n).isEmpty(), n);
        }
    }

    @Test
    void listSortsAndSkipsIgnoredEntries(@TempDir Path dir) throws Exception {
        for (String n : List.of("binlog-0000000000000002-20240102030405", "binlog-0000000000000001",
                "binlog-0000000000000003-20240102030405-12.x", ".lock", "a.checkpoint", "x.tmp", "junk")) {
            Files.write(dir.resolve(n), new byte[0]);
        }
        Files.createDirectory(dir.resolve("binlog-0000000000000009"));
        List<RelayFileName> files = RelayFileName.list(dir);
        assertEquals(List.of(1L, 2L, 3L), files.stream().map(RelayFileName::index).toList());
        RelayFileName.checkContiguous(dir, files);
    }

    @Test
    void contiguityIsCheckedFromIndexZero(@TempDir Path dir) {
        // The Go drainer skips the check while the previous index is 0; we do not.
        List<RelayFileName> gap = List.of(new RelayFileName(0, "binlog-0000000000000000"),
                new RelayFileName(2, "binlog-0000000000000002"));
        RelayException e = assertThrows(RelayException.class, () -> RelayFileName.checkContiguous(dir, gap));
        assertTrue(e.getMessage().contains("missing_index=1"), e.getMessage());
        List<RelayFileName> dup = List.of(new RelayFileName(4, "binlog-0000000000000004"),
                new RelayFileName(4, "binlog-0000000000000004-20240102030405"));
        e = assertThrows(RelayException.class, () -> RelayFileName.checkContiguous(dir, dup));
        assertTrue(e.getMessage().contains("share an index"), e.getMessage());
    }

    @Test
    void positionsOrder() {
        assertTrue(new RelayPosition(1, 100).compareTo(new RelayPosition(2, 0)) < 0);
        assertTrue(new RelayPosition(2, 100).compareTo(new RelayPosition(2, 50)) > 0);
        assertThrows(IllegalArgumentException.class, () -> new RelayPosition(-1, 0));
        assertArrayEquals(new byte[] {4, 5, 0x1b, 0x1c}, java.util.Arrays.copyOf(RelayFraming.encode(new byte[1]), 4));
    }

    @Test
    void logFormatIsKeyValue() {
        assertEquals("relay rotated from=a to=\"b c\" size=10485760",
                RelayLog.format("relay rotated", "from", "a", "to", "b c", "size", 10485760L));
    }
}
