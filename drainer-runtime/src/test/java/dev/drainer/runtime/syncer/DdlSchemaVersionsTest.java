package dev.drainer.runtime.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.drainer.checkpoint.Checkpoint;
import org.junit.jupiter.api.Test;

/** What the checkpoint's schema-version is made of: the last applied DDL's version, never going back. */
class DdlSchemaVersionsTest {
    @Test
    void aCheckpointTakesTheVersionsOfDdlsAtOrBelowItsCommitTsAndNeverGoesBack() {
        DdlSchemaVersions v = new DdlSchemaVersions();
        v.record(100, 7);
        v.record(200, 9);
        v.record(300, 12);
        Checkpoint cp = Checkpoint.at(50, false);
        cp = cp.advancedTo(150, v.takeUpTo(150));
        assertEquals(7, cp.schemaVersion());
        cp = cp.advancedTo(250, v.takeUpTo(250));
        assertEquals(9, cp.schemaVersion());
        // A commit with no DDL at or below it since: the version stays.
        cp = cp.advancedTo(260, v.takeUpTo(260));
        assertEquals(9, cp.schemaVersion());
        // A skipped DDL recorded with a lower version (a job that was not applied) does not pull it back.
        v.record(280, 3);
        cp = cp.advancedTo(400, v.takeUpTo(400));
        assertEquals(12, cp.schemaVersion());
        assertEquals(0, v.takeUpTo(Long.MAX_VALUE), "taken versions are gone");
    }
}
