package dev.drainer.runtime.loader;

import static dev.drainer.runtime.loader.LoaderTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A connection killed from another session mid-chunk: the worker reconnects and runs the whole chunk
 * again before the next one, so no row is lost, doubled or reordered. Runs outside safe mode, where
 * a chunk applied twice would fail on a duplicate key.
 */
@ExtendWith(MariaDbExtension.class)
class LoaderReconnectTest {
    /**
     * Kills every connection the loader has opened (other tests' sessions are left alone): the one inside the
     * probed chunk, and idle ones, which then fail on their next use. information_schema.innodb_trx is not used
     * to pick the open transaction: InnoDB refreshes that table at most every 100 ms, so it can miss it.
     */
    private static List<Long> killLoaderConnections(MariaDb db, ObservedConnections loaderConnections) {
        List<Long> killed = new ArrayList<>();
        try (Connection c = db.connect(null); Statement s = c.createStatement()) {
            for (long id : loaderConnections.serverIds()) {
                try {
                    s.execute("KILL CONNECTION " + id);
                    killed.add(id);
                } catch (SQLException e) {
                    if (e.getErrorCode() != 1094) { // unknown thread: already replaced or closed
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return killed;
    }

    @ParameterizedTest(name = "workers={0} kill at mid #{1}")
    @CsvSource({"1,1", "1,3", "3,2", "3,5"})
    void aKilledConnectionIsReplacedAndItsChunkRunsAgain(int workers, int killAt, MariaDb db) throws Exception {
        String d = db.createDatabase("lr");
        db.execute("CREATE TABLE `" + d + "`.a (id INT PRIMARY KEY, v VARCHAR(20))",
                "CREATE TABLE `" + d + "`.b (id INT PRIMARY KEY, v VARCHAR(20))");
        AtomicInteger mids = new AtomicInteger();
        List<Long> killed = new ArrayList<>();
        ObservedConnections conns = new ObservedConnections(LoaderTest.endpoint(db));
        LoaderOptions opts = LoaderOptions.of(workers, 10, true, true).withRetries(5, 1, Duration.ofMillis(10))
                .withProbe(p -> {
                    if (p.equals("loader.chunk.mid") && mids.incrementAndGet() == killAt) {
                        killed.addAll(killLoaderConnections(db, conns));
                    }
                });
        List<Txn> batch = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            List<Dml> dmls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                long id = t * 8L + i;
                // Two tables: a chunk is several statements, so the kill hits a statement as well as COMMIT.
                String table = i % 2 == 0 ? "a" : "b";
                dmls.add(new Dml(d, table, DmlType.INSERT, row("id", id, "v", "t" + t), Map.of()));
                expected.add(table + "|" + id + "|t" + t);
            }
            batch.add(Txn.ofDml(t + 1, dmls, null));
        }
        try (Loader loader = new Loader(conns, opts, false)) {
            loader.apply(batch);
            assertTrue(!killed.isEmpty(), "a loader connection was killed");
            assertTrue(loader.retries() >= 1, "the killed chunk was run again");
            assertEquals(96, loader.rowsApplied());
        }
        List<String> actual = LoaderTest.dump(db, "SELECT 'a', id, v FROM `" + d + "`.a UNION ALL SELECT 'b', id, v FROM `"
                + d + "`.b ORDER BY 2");
        assertEquals(expected, actual);
    }

    @Test
    void aCommitWhoseReplyIsLostRunsAgainInSafeMode(MariaDb db) throws Exception {
        String d = db.createDatabase("lr");
        db.execute("CREATE TABLE `" + d + "`.t (id INT PRIMARY KEY, v VARCHAR(20))");
        // The first COMMIT takes effect, then the client hears only a lost connection. Running the same
        // INSERTs again would fail on the duplicate key; safe mode makes the second run harmless.
        ObservedConnections conns = new ObservedConnections(LoaderTest.endpoint(db)).failAfterCommit(1);
        LoaderOptions opts = LoaderOptions.of(1, 10, true, true).withRetries(3, 1, Duration.ofMillis(10));
        List<Dml> dmls = new ArrayList<>();
        for (long id = 1; id <= 5; id++) {
            dmls.add(new Dml(d, "t", DmlType.INSERT, row("id", id, "v", "x" + id), Map.of()));
        }
        try (Loader loader = new Loader(conns, opts, false)) {
            loader.apply(List.of(Txn.ofDml(1, dmls, null)));
            assertEquals(1, loader.retries());
        }
        List<ObservedConnections.Transaction> committed = conns.committed();
        assertEquals(2, committed.size());
        assertTrue(lastSql(committed.get(0)).startsWith("INSERT INTO"), committed.toString());
        assertTrue(lastSql(committed.get(1)).startsWith("REPLACE INTO"), committed.toString());
        assertEquals(List.of("1|x1", "2|x2", "3|x3", "4|x4", "5|x5"), LoaderTest.dump(db, "SELECT id, v FROM `" + d + "`.t ORDER BY id"));
    }

    private static String lastSql(ObservedConnections.Transaction t) {
        return t.statements().get(t.statements().size() - 1).sql();
    }
}
