package dev.drainer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckpointJsonTest {
    @Test
    void encodesInGoStructOrder() {
        Map<String, Long> ts = new LinkedHashMap<>();
        ts.put("primary-ts", 434000000000000002L);
        ts.put("secondary-ts", 434000000000000099L);
        assertEquals("{\"consistent\":false,\"commitTS\":434000000000000002,"
                        + "\"ts-map\":{\"primary-ts\":434000000000000002,\"secondary-ts\":434000000000000099},"
                        + "\"schema-version\":35}",
                CheckpointJson.encode(new Checkpoint(false, 434000000000000002L, ts, 35)));
        assertEquals("{\"consistent\":true,\"commitTS\":7,\"ts-map\":{},\"schema-version\":0}",
                CheckpointJson.encode(Checkpoint.at(7, true)));
    }

    @Test
    void readsLegacyRowsUnchanged() {
        Checkpoint cp = CheckpointJson.decode("{\"consistent\":false,\"commitTS\":414529105591271429,\"ts-map\":{}}");
        assertFalse(cp.consistent());
        assertEquals(414529105591271429L, cp.commitTs());
        assertEquals(0, cp.schemaVersion());

        Checkpoint old = CheckpointJson.decode("{\"commitTS\":5,\"ts-map\":{\"master-ts\":5,\"slave-ts\":9}}");
        assertFalse(old.consistent(), "a row without 'consistent' predates the flag and reads as false");
        assertEquals(Map.of("master-ts", 5L, "slave-ts", 9L), old.tsMap());
        assertEquals("{\"consistent\":false,\"commitTS\":5,\"ts-map\":{\"master-ts\":5,\"slave-ts\":9},\"schema-version\":0}",
                CheckpointJson.encode(old), "unknown ts-map keys survive a round trip");

        assertTrue(CheckpointJson.decode("{\"consistent\":true,\"commitTS\":1,\"ts-map\":null,\"schema-version\":3}").consistent());
    }

    @Test
    void rejectsWhatItCannotUnderstandWithTheText() {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> CheckpointJson.decode("{oops"));
        assertTrue(e.getMessage().contains("{oops"), e.getMessage());
        assertThrows(CheckpointFormatException.class, () -> CheckpointJson.decode("{\"commitTS\":\"x\"}"));
        assertThrows(CheckpointFormatException.class, () -> CheckpointJson.decode("{\"commitTS\":1,\"ts-map\":\"1:2\"}"));
    }

    @Test
    void schemaVersionNeverDecreases() {
        Checkpoint cp = new Checkpoint(false, 10, Map.of(), 40);
        assertEquals(40, cp.advancedTo(20, 12).schemaVersion());
        assertEquals(41, cp.advancedTo(20, 41).schemaVersion());
        assertEquals(20, cp.advancedTo(20, 0).commitTs());
    }
}
