package dev.drainer.runtime.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each DDL error the loader counts as applied ({@link DdlReplay}), met on a real MariaDB the way a
 * replay after a crash meets it: the DDL runs, then runs again. Next to each, the same error code
 * from a downstream that diverged must fail.
 */
@ExtendWith(MariaDbExtension.class)
class DdlReplayTest {
    private static final LoaderOptions ONE_ATTEMPT = LoaderOptions.of(2, 2, true, true).withRetries(1, 1, Duration.ofMillis(1));

    private final MariaDb db;
    private final String d;

    DdlReplayTest(MariaDb db) {
        this.db = db;
        this.d = db.createDatabase("dr");
    }

    private void run(String... sql) throws LoaderException {
        try (Loader loader = new Loader(LoaderTest.endpoint(db), ONE_ATTEMPT, true)) {
            for (int i = 0; i < sql.length; i++) {
                loader.apply(List.of(Txn.ofDdl(i + 1, new Ddl(d, "t", sql[i]), null)));
            }
        }
    }

    /** Runs {@code sql} twice: the second run is the replay and must count as applied. */
    private void replayed(String sql) throws LoaderException {
        run(sql, sql);
    }

    private void refused(String sql, int code) {
        LoaderException e = assertThrows(LoaderException.class, () -> run(sql));
        assertTrue(e.getMessage().contains("MySQL error " + code), e.getMessage());
        assertTrue(e.deterministic(), "a schema the DDL does not fit is no outage: " + e.getMessage());
    }

    private List<String> tables() throws Exception {
        return LoaderTest.dump(db, "SELECT table_name FROM information_schema.tables WHERE table_schema='" + d
                + "' ORDER BY table_name");
    }

    private List<String> columns(String table) throws Exception {
        return LoaderTest.dump(db, "SELECT column_name FROM information_schema.columns WHERE table_schema='" + d
                + "' AND table_name='" + table + "' ORDER BY ordinal_position");
    }

    @Test
    void createTableAgainCountsAsApplied() throws Exception {
        replayed("CREATE TABLE t (id INT PRIMARY KEY)");
        assertEquals(List.of("t"), tables());
    }

    @Test
    void dropTableAgainCountsAsApplied() throws Exception {
        run("CREATE TABLE t (id INT PRIMARY KEY)");
        replayed("DROP TABLE t");
        assertEquals(List.of(), tables());
    }

    @Test
    void addColumnAgainCountsAsAppliedButAColumnRenamedOntoAnExistingOneFails() throws Exception {
        run("CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT)");
        replayed("ALTER TABLE t ADD COLUMN c INT");
        assertEquals(List.of("id", "a", "b", "c"), columns("t"));
        // 1060 too, but no replay produces it: a still exists, so the downstream has diverged.
        refused("ALTER TABLE t CHANGE a b INT", 1060);
    }

    @Test
    void dropColumnAgainCountsAsApplied() throws Exception {
        run("CREATE TABLE t (id INT PRIMARY KEY, a INT)");
        replayed("ALTER TABLE t DROP COLUMN a");
        assertEquals(List.of("id"), columns("t"));
    }

    @Test
    void addIndexAgainCountsAsAppliedButAnIndexOnAMissingColumnFails() throws Exception {
        run("CREATE TABLE t (id INT PRIMARY KEY, a INT)");
        replayed("ALTER TABLE t ADD INDEX ia (a)");
        replayed("CREATE INDEX ib ON t (a, id)");
        replayed("DROP INDEX ib ON t");
        assertEquals(List.of("ia", "PRIMARY"), LoaderTest.dump(db, "SELECT DISTINCT index_name FROM information_schema.statistics"
                + " WHERE table_schema='" + d + "' AND table_name='t' ORDER BY index_name"));
        refused("ALTER TABLE t ADD INDEX ic (nope)", 1072);
    }

    @Test
    void renameAgainCountsAsAppliedOnlyWhenTheSourceIsGoneAndTheTargetExists() throws Exception {
        run("CREATE TABLE t (id INT PRIMARY KEY)", "CREATE TABLE u (id INT PRIMARY KEY)");
        replayed("RENAME TABLE `t` TO `t_r1`");
        replayed("RENAME TABLE u TO `" + d + "`.u2, t_r1 TO t_r2");
        replayed("ALTER TABLE t_r2 RENAME TO t_r3");
        assertEquals(List.of("t_r3", "u2"), tables());
        // Neither table there: the downstream lost a table the upstream renamed.
        refused("RENAME TABLE gone TO gone2", 1146);
        // Both there: the target is in the way of a source the downstream still has.
        run("CREATE TABLE v (id INT PRIMARY KEY)");
        refused("RENAME TABLE v TO t_r3", 1050);
        refused("RENAME TABLE v TO w, gone TO w2", 1146);
    }

    @Test
    void aDdlOnAMissingTableOrColumnFails() throws Exception {
        refused("ALTER TABLE nope ADD COLUMN c INT", 1146);
        refused("TRUNCATE TABLE nope", 1146);
        run("CREATE TABLE t (id INT PRIMARY KEY)");
        refused("ALTER TABLE t MODIFY COLUMN nope BIGINT", 1054);
    }

    @Test
    void databasesExistOrAreGone() throws Exception {
        replayed("CREATE DATABASE `" + d + "`");
        String other = db.createDatabase("dr");
        try (Loader loader = new Loader(LoaderTest.endpoint(db), ONE_ATTEMPT, true)) {
            for (int i = 0; i < 2; i++) {
                // The replay meets 1049 on its USE of the dropped database.
                loader.apply(List.of(Txn.ofDdl(i + 1, new Ddl(other, "", "DROP DATABASE `" + other + "`"), null)));
            }
        }
        assertEquals(List.of(), LoaderTest.dump(db, "SELECT schema_name FROM information_schema.schemata WHERE schema_name='"
                + other + "'"));
    }

    @Test
    void renamePairsAreParsedOrRefused() {
        assertEquals(List.of("`a`>`b`", "x.y>`d`.`e`"), DdlReplay.renamePairs("RENAME TABLE `a` TO `b`, x.y TO `d`.`e`")
                .stream().map(p -> p[0] + ">" + p[1]).toList());
        assertEquals(List.of(), DdlReplay.renamePairs("RENAME TABLE a TO b junk"));
        assertEquals(List.of(), DdlReplay.renamePairs("ALTER TABLE a ADD COLUMN c INT, RENAME TO b"));
    }
}
