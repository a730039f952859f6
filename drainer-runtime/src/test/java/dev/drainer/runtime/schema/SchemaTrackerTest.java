package dev.drainer.runtime.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.config.TableName;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every DDL kind the tracker handles, from history jobs in TiDB's JSON shape. */
class SchemaTrackerTest {
    private static String col(long id, String name) {
        return "{\"id\":" + id + ",\"name\":{\"O\":\"" + name + "\",\"L\":\"" + name + "\"},\"offset\":" + (id - 1)
                + ",\"origin_default\":null,\"type\":{\"Tp\":3,\"Flag\":0,\"Flen\":11,\"Decimal\":0,\"Charset\":\"binary\","
                + "\"Collate\":\"binary\",\"Elems\":null},\"state\":5}";
    }

    private static String table(long id, String name, int columns, String indexJson) {
        List<String> cols = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
            cols.add(col(i, "c" + i));
        }
        return "{\"id\":" + id + ",\"name\":{\"O\":\"" + name + "\",\"L\":\"" + name + "\"},\"cols\":[" + String.join(",", cols)
                + "],\"index_info\":" + indexJson + ",\"pk_is_handle\":false,\"is_common_handle\":false}";
    }

    private static Job job(long id, int type, long schemaId, long tableId, long version, String db, String table) {
        return job(id, type, schemaId, tableId, version, db, table, JobState.SYNCED, SchemaState.PUBLIC);
    }

    private static Job job(long id, int type, long schemaId, long tableId, long version, String db, String table,
                           int state, int schemaState) {
        String json = "{\"id\":" + id + ",\"type\":" + type + ",\"schema_id\":" + schemaId + ",\"table_id\":" + tableId
                + ",\"state\":" + state + ",\"query\":\"q" + id + "\",\"schema_state\":" + schemaState
                + ",\"binlog\":{\"SchemaVersion\":" + version + ",\"DBInfo\":" + (db == null ? "null" : db)
                + ",\"TableInfo\":" + (table == null ? "null" : table) + ",\"FinishedTS\":0}}";
        return MetaJson.job(json.getBytes(StandardCharsets.UTF_8));
    }

    private static final String DB = "{\"id\":2,\"db_name\":{\"O\":\"shop\",\"L\":\"shop\"}}";

    @Test
    void historyIsAppliedInVersionOrderUpToEachBinlogsVersion() {
        List<Job> history = List.of(
                job(20, ActionType.ADD_COLUMN, 2, 10, 3, null, table(10, "t", 2, "null")),
                job(11, ActionType.CREATE_TABLE, 2, 10, 2, null, table(10, "t", 1, "null")),
                job(3, ActionType.CREATE_SCHEMA, 2, 0, 1, DB, null),
                job(21, ActionType.ADD_INDEX, 2, 10, 4, null, table(10, "t", 2,
                        "[{\"idx_name\":{\"O\":\"uk\"},\"idx_cols\":[{\"name\":{\"O\":\"c2\"},\"offset\":1,\"length\":-1}],\"is_unique\":true}]")),
                job(22, ActionType.RENAME_TABLE, 2, 10, 5, null, table(10, "t_new", 2, "null")),
                job(23, ActionType.TRUNCATE_TABLE, 2, 10, 6, null, table(30, "t_new", 2, "null")),
                job(24, ActionType.DROP_TABLE, 2, 30, 7, null, null));
        SchemaTracker s = new SchemaTracker(history);
        s.applyUpTo(2);
        assertEquals(2, s.currentVersion());
        assertEquals(1, s.table(10).columns().size());
        assertEquals(new SchemaTable("shop", "t"), s.takeDdlNames(2));
        s.applyUpTo(1);
        assertEquals(2, s.currentVersion(), "the version never goes back");

        s.applyUpTo(3);
        assertEquals(2, s.table(10).columns().size());
        assertTrue(s.mayLackColumns(10, 2), "a DML older than the table's last DDL");
        assertFalse(s.mayLackColumns(10, 3));
        s.applyUpTo(4);
        assertEquals("uk", s.table(10).indices().get(0).name());
        s.applyUpTo(5);
        assertEquals(new SchemaTable("shop", "t_new"), s.nameOf(10));
        assertEquals(new SchemaTable("shop", "t_new"), s.takeDdlNames(5));
        s.applyUpTo(6);
        assertNull(s.table(10));
        assertTrue(s.truncated(10));
        assertEquals(new SchemaTable("shop", "t_new"), s.nameOf(30));
        s.applyUpTo(7);
        assertNull(s.table(30));
        assertEquals(new SchemaTable("shop", "t_new"), s.takeDdlNames(7), "a drop names the table it dropped");
        SchemaException e = assertThrows(SchemaException.class, () -> s.nameOf(30));
        assertTrue(e.getMessage().contains("not found table id 30 at schema version 7"), e.getMessage());
        e = assertThrows(SchemaException.class, () -> s.takeDdlNames(7));
        assertTrue(e.getMessage().contains("no DDL applied at schema version 7"), e.getMessage());
    }

    @Test
    void dropColumnInDeleteOnlyStateMarksTheTableUntilTheJobIsDone() {
        SchemaTracker s = new SchemaTracker(List.of(job(3, ActionType.CREATE_SCHEMA, 2, 0, 1, DB, null),
                job(11, ActionType.CREATE_TABLE, 2, 10, 2, null, table(10, "t", 3, "null"))));
        s.applyUpTo(2);
        Job done = job(12, ActionType.DROP_COLUMN, 2, 10, 3, null, table(10, "t", 2, "null"));
        s.addJob(done.withSchemaState(SchemaState.DELETE_ONLY));
        s.applyUpTo(3);
        assertEquals(2, s.currentVersion(), "the delete-only copy is not applied");
        assertEquals(3, s.table(10).columns().size());
        assertTrue(s.mayLackColumns(10, 3));
        s.addJob(done);
        s.applyUpTo(3);
        assertEquals(3, s.currentVersion());
        assertEquals(2, s.table(10).columns().size());
        assertFalse(s.mayLackColumns(10, 3));
    }

    /** DROP TABLE as TiDB finishes it (onDropTableOrView keeps the table info, in state none); the name is free again. */
    @Test
    void dropTableWithItsTableInfoDropsItAndTheNameCanBeCreatedAgain() {
        String dropped = table(10, "t", 2, "null").replace("\"pk_is_handle\"", "\"state\":0,\"pk_is_handle\"");
        SchemaTracker s = new SchemaTracker(List.of(job(3, ActionType.CREATE_SCHEMA, 2, 0, 1, DB, null),
                job(11, ActionType.CREATE_TABLE, 2, 10, 2, null, table(10, "t", 2, "null")),
                job(12, ActionType.DROP_TABLE, 2, 10, 3, null, dropped),
                job(14, ActionType.CREATE_TABLE, 2, 13, 4, null, table(13, "t", 1, "null"))));
        s.applyUpTo(3);
        assertNull(s.table(10));
        assertEquals(new SchemaTable("shop", "t"), s.takeDdlNames(3));
        s.applyUpTo(4);
        assertNull(s.table(10));
        assertEquals(new SchemaTable("shop", "t"), s.nameOf(13));
        assertEquals(1, s.table(13).columns().size());
        assertThrows(SchemaException.class, () -> s.nameOf(10), "a late DML on the dropped id is an error, as upstream");
    }

    /**
     * Resuming right after a DDL (the checkpoint is saved at each one): the next one-version DDL waits for
     * its binlog, so the changes committed ahead of a rename still name the old table, and those ahead of
     * a drop still find it.
     */
    @Test
    void aResumedRunAppliesHistoryUpToTheCheckpointVersionOnly() {
        List<Job> history = List.of(job(3, ActionType.CREATE_SCHEMA, 2, 0, 1, DB, null),
                job(11, ActionType.CREATE_TABLE, 2, 10, 2, null, table(10, "t", 1, "null")),
                job(13, ActionType.CREATE_TABLE, 2, 12, 3, null, table(12, "u", 1, "null")),
                job(14, ActionType.RENAME_TABLE, 2, 10, 4, null, table(10, "t_new", 1, "null")),
                job(15, ActionType.DROP_TABLE, 2, 12, 5, null, null));
        SchemaTracker atRename = SchemaTracker.resumingAt(history, 3);
        assertEquals(3, atRename.currentVersion());
        assertEquals(new SchemaTable("shop", "t"), atRename.nameOf(10));
        atRename.applyUpTo(4);
        assertEquals(new SchemaTable("shop", "t_new"), atRename.nameOf(10), "the rename's own binlog applies it");

        SchemaTracker atDrop = SchemaTracker.resumingAt(history, 4);
        assertEquals(new SchemaTable("shop", "u"), atDrop.nameOf(12));
        assertEquals(0, SchemaTracker.resumingAt(history, 0).currentVersion(), "no checkpoint: nothing applied yet");
    }

    @Test
    void unfinishedUnsupportedAndSystemTableJobsAreSkippedButPassed() {
        SchemaTracker s = new SchemaTracker(List.of(job(3, ActionType.CREATE_SCHEMA, 2, 0, 1, DB, null),
                job(11, ActionType.CREATE_TABLE, 2, 10, 2, null, table(10, "t", 1, "null"),
                        JobState.CANCELLED, SchemaState.NONE),
                job(12, ActionType.LOCK_TABLE, 2, 10, 3, null, table(10, "t", 1, "null")),
                job(13, ActionType.CREATE_TABLE, 1, SchemaTracker.MAX_GLOBAL_ID + 5, 4, null,
                        table(SchemaTracker.MAX_GLOBAL_ID + 5, "tidb_ddl_job", 1, "null"))));
        s.applyUpTo(10);
        assertEquals(4, s.currentVersion());
        assertNull(s.table(10));
        assertNull(s.table(SchemaTracker.MAX_GLOBAL_ID + 5));
        assertThrows(SchemaException.class, () -> s.takeDdlNames(3));
    }

    @Test
    void dropSchemaDropsItsTables() {
        SchemaTracker s = new SchemaTracker(List.of(job(3, ActionType.CREATE_SCHEMA, 2, 0, 1, DB, null),
                job(11, ActionType.CREATE_TABLE, 2, 10, 2, null, table(10, "t", 1, "null")),
                job(12, ActionType.DROP_SCHEMA, 2, 0, 3, null, null)));
        s.applyUpTo(3);
        assertNull(s.table(10));
        assertEquals(new SchemaTable("shop", ""), s.takeDdlNames(3));
    }

    @Test
    void filterFollowsTheGoRules() {
        TableFilter f = new TableFilter(List.of("INFORMATION_SCHEMA", "PERFORMANCE_SCHEMA", "mysql"),
                List.of(new TableName("shop", "~^tmp_")), List.of(), List.of());
        assertTrue(f.skip("mysql", "user"));
        assertTrue(f.skip("MySQL", "user"), "names are compared case-insensitively");
        assertTrue(f.skip("shop", "tmp_x"));
        assertFalse(f.skip("shop", "orders_tmp_"));
        assertFalse(f.skip("shop", "orders"));
        TableFilter allow = new TableFilter(List.of(), List.of(), List.of("crm"), List.of(new TableName("shop", "orders")));
        assertFalse(allow.skip("crm", "anything"));
        assertFalse(allow.skip("shop", "orders"));
        assertTrue(allow.skip("shop", "customers"));
        // A plain pattern is an anchored regex: its metacharacters stay live, as upstream.
        TableFilter dot = new TableFilter(List.of("a.c"), List.of(), List.of(), List.of());
        assertTrue(dot.skip("abc", "t"));
        assertFalse(dot.skip("abcd", "t"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TableFilter(List.of(), List.of(new TableName("~(", "t")), List.of(), List.of()));
        assertTrue(e.getMessage().contains("ignore-table db-name pattern '~('"), e.getMessage());
    }
}
