package dev.drainer.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MariaDbExtension.class)
class CheckpointStoreTest {
    private static MysqlEndpoint endpoint(MariaDb db) {
        return new MysqlEndpoint(db.host(), db.port(), db.user(), db.password(), Duration.ofSeconds(5),
                Duration.ofSeconds(30), List.of());
    }

    @Test
    void createsTheGoLayoutAndRoundTripsUnsignedIds(MariaDb db) throws Exception {
        String schema = db.createDatabase("cp");
        CheckpointStore store = new CheckpointStore(endpoint(db), schema, "checkpoint");
        assertEquals(Optional.empty(), store.load(1), "no table yet reads as no row");
        store.createIfMissing();
        store.createIfMissing();
        long maxUnsigned = -1L; // 2^64-1
        store.save(maxUnsigned, Checkpoint.at(434000000000000002L, false));
        assertEquals(434000000000000002L, store.load(maxUnsigned).orElseThrow().commitTs());
        try (Connection c = db.connect(schema); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT clusterID, checkPoint FROM checkpoint")) {
            rs.next();
            assertEquals("18446744073709551615", rs.getString(1));
            assertEquals("{\"consistent\":false,\"commitTS\":434000000000000002,\"ts-map\":{},\"schema-version\":0}",
                    rs.getString(2));
        }
        try (Connection c = db.connect(schema); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW CREATE TABLE checkpoint")) {
            rs.next();
            String ddl = rs.getString(2).toLowerCase();
            assertTrue(ddl.contains("`clusterid` bigint(20) unsigned not null") && ddl.contains("mediumtext")
                    && ddl.contains("primary key (`clusterid`)"), ddl);
        }
    }

    @Test
    void singleRowRulesOfRecovery(MariaDb db) throws Exception {
        String schema = db.createDatabase("cp");
        CheckpointStore store = new CheckpointStore(endpoint(db), schema, "checkpoint");
        store.createIfMissing();
        assertEquals(Optional.empty(), store.loadSingle());
        db.execute("INSERT INTO `" + schema + "`.checkpoint VALUES (6998437254455456769,"
                + " '{\"consistent\":false,\"commitTS\":414529105591271429,\"ts-map\":{}}')");
        StoredCheckpoint only = store.loadSingle().orElseThrow();
        assertEquals(6998437254455456769L, only.clusterId());
        assertEquals(414529105591271429L, only.checkpoint().commitTs());
        store.save(2, Checkpoint.at(1, true));
        AmbiguousCheckpointException e = assertThrows(AmbiguousCheckpointException.class, store::loadSingle);
        assertEquals(List.of(2L, 6998437254455456769L), e.clusterIds());
        assertTrue(e.getMessage().contains("-cluster-id"), e.getMessage());
    }

    @Test
    void aFailedSaveIsRetriedThenReportedWithContext(MariaDb db) throws Exception {
        String schema = db.createDatabase("cp");
        int[] opens = {0};
        MysqlEndpoint real = endpoint(db);
        new CheckpointStore(real, schema, "checkpoint").createIfMissing();
        CheckpointStore store = new CheckpointStore(() -> {
            opens[0]++;
            if (opens[0] < 3) {
                throw new java.sql.SQLException("injected: connection refused");
            }
            return real.open();
        }, schema, "checkpoint", 5, Duration.ofMillis(10));
        store.save(9, Checkpoint.at(5, false));
        assertEquals(3, opens[0], "two failed attempts, then success");
        assertEquals(5, store.load(9).orElseThrow().commitTs());

        CheckpointStore dead = new CheckpointStore(() -> {
            throw new java.sql.SQLException("injected: server gone");
        }, schema, "checkpoint", 3, Duration.ofMillis(1));
        CheckpointException e = assertThrows(CheckpointException.class, () -> dead.save(9, Checkpoint.at(6, false)));
        assertTrue(e.getMessage().contains("after 3 attempts") && e.getMessage().contains("server gone")
                && e.getMessage().contains(schema + ".checkpoint"), e.getMessage());
    }

    @Test
    void savesAndLoadsShareOneConnectionAndReplaceOneTheServerClosed(MariaDb db) throws Exception {
        String schema = db.createDatabase("cp");
        MysqlEndpoint real = endpoint(db);
        List<Connection> opened = new java.util.ArrayList<>();
        // One attempt and a backoff a test would notice: a stale connection must cost neither.
        CheckpointStore store = new CheckpointStore(() -> {
            Connection c = real.open();
            opened.add(c);
            return c;
        }, schema, "checkpoint", 1, Duration.ofMinutes(5));
        store.createIfMissing();
        opened.clear();
        for (int i = 1; i <= 3; i++) {
            store.save(7, Checkpoint.at(i, false));
            assertEquals(i, store.load(7).orElseThrow().commitTs());
        }
        assertEquals(1, opened.size(), "three saves and three loads, one connection");
        long id;
        try (Statement s = opened.get(0).createStatement(); ResultSet rs = s.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            id = rs.getLong(1);
        }
        db.execute("KILL CONNECTION " + id);
        store.save(7, Checkpoint.at(4, true));
        assertEquals(2, opened.size(), "the killed connection was replaced within the same attempt");
        assertTrue(opened.get(0).isClosed());
        assertEquals(4, store.load(7).orElseThrow().commitTs());
        // A refused statement is not a lost connection: the connection stays.
        CheckpointStore otherTable = new CheckpointStore(() -> opened.get(1), schema, "missing", 1, Duration.ofMinutes(5));
        assertEquals(Optional.empty(), otherTable.load(7), "no table reads as no row");
        assertTrue(!opened.get(1).isClosed(), "a missing table does not close the connection");
        store.close();
        assertTrue(opened.get(1).isClosed(), "close() closes the shared connection");
        assertEquals(4, store.load(7).orElseThrow().commitTs());
        assertEquals(3, opened.size(), "a load after close() opens a new one");
        store.close();
    }

    @Test
    void rejectsUnsafeNames(MariaDb db) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CheckpointStore(endpoint(db), "x; drop", "checkpoint"));
        assertTrue(e.getMessage().contains("x; drop"), e.getMessage());
    }
}
