package dev.drainer.runtime.syncer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.config.ConfigLoader;
import dev.drainer.config.DrainerConfig;
import dev.drainer.proto.secondary.SecondaryBinlog.Binlog;
import dev.drainer.proto.secondary.SecondaryBinlog.BinlogType;
import dev.drainer.proto.secondary.SecondaryBinlog.DDLData;
import dev.drainer.runtime.RuntimeFactory;
import dev.drainer.runtime.translate.SecondaryBinlogTranslator;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(MariaDbExtension.class)
class PipelineTest {
    @TempDir
    Path tmp;

    private DrainerConfig config(MariaDb db, String cpSchema) {
        return ConfigLoader.parseToml(String.join("\n", "[syncer]", "worker-count = 2",
                "[syncer.relay]", "log-dir = \"" + tmp.resolve("relay") + "\"",
                "[syncer.to]", "host = \"127.0.0.1\"", "port = " + db.port(), "user = \"" + db.user() + "\"",
                "password = \"" + db.password() + "\"",
                "[syncer.to.checkpoint]", "schema = \"" + cpSchema + "\"", ""), "test.toml", Map.of());
    }

    private static Binlog ddl(String schema, long ts, String sql) {
        return Binlog.newBuilder().setType(BinlogType.DDL).setCommitTs(ts).setDdlData(DDLData.newBuilder()
                .setSchemaName(schema).setTableName("t").setDdlQuery(ByteString.copyFromUtf8(sql))).build();
    }

    /** A transaction at ts 10 (a DDL, which saves the checkpoint at once) and an advance-only item at 20. */
    private static List<SyncItem> ddlThenAdvance(String schema) {
        return List.of(SyncItem.Apply.of(ddl(schema, 10, "CREATE TABLE t (id INT PRIMARY KEY)"),
                new SecondaryBinlogTranslator(ZoneOffset.UTC)), new SyncItem.AdvanceOnly(20));
    }

    /** {@code items}, then {@code atEnd} runs each time the source is asked for more after the last one. */
    private static Iterator<SyncItem> itemsThen(List<SyncItem> items, Runnable atEnd) {
        return new Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                if (n == items.size()) {
                    atEnd.run();
                }
                return n < items.size();
            }

            @Override
            public SyncItem next() {
                return items.get(n++);
            }
        };
    }

    @Test
    void aCleanEndMarksTheCheckpointConsistentAndAFailedSourceDoesNot(MariaDb db) throws Exception {
        String schema = db.createDatabase("pl");
        String cp = db.createDatabase("plcp");
        DrainerConfig cfg = config(db, cp);
        assertEquals(2, Pipeline.run(cfg, 1, 5, List.of(ddl(schema, 10, "CREATE TABLE t (id INT PRIMARY KEY)"),
                ddl(schema, 11, "ALTER TABLE t ADD c INT")).iterator(), Pipeline.Options.defaults()));
        assertEquals(new Checkpoint(true, 11, Map.of(), 0), RuntimeFactory.checkpointStore(cfg).load(1).orElseThrow());

        Iterator<Binlog> dying = new Iterator<>() {
            private int n;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Binlog next() {
                if (n++ == 0) {
                    return ddl(schema, 12, "ALTER TABLE t ADD d INT");
                }
                throw new IllegalStateException("pump stream broke");
            }
        };
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(IOException.class, () -> Pipeline.run(cfg, 1, 5, dying, Pipeline.Options.defaults())));
        assertTrue(e.getMessage().contains("pump stream broke") && e.getMessage().contains("1 applied"), e.getMessage());
        Checkpoint after = RuntimeFactory.checkpointStore(cfg).load(1).orElseThrow();
        assertFalse(after.consistent(), "a run that did not end cleanly stays inconsistent: " + after);
        assertEquals(12, after.commitTs(), "the DDL forced a save");
    }

    @Test
    void whatWasAppliedIsSavedOnceTheInputPausesForASaveIntervalNotOnlyWhenMoreComes(MariaDb db) throws Exception {
        String schema = db.createDatabase("plidle");
        String cp = db.createDatabase("plidlecp");
        DrainerConfig cfg = config(db, cp);
        CountDownLatch resume = new CountDownLatch(1);
        Iterator<SyncItem> source = itemsThen(ddlThenAdvance(schema), () -> {
                    try {
                        resume.await(); // a quiet upstream: nothing more for now
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
        Pipeline.Options options = new Pipeline.Options(Duration.ofMillis(500), Duration.ofMinutes(5), p -> { });
        CompletableFuture<Long> run = CompletableFuture.supplyAsync(() -> {
            try {
                return Pipeline.runItems(cfg, 1, 5, source, options);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            Checkpoint saved = null;
            while ((saved == null || saved.commitTs() < 20) && System.nanoTime() < deadline) {
                Thread.sleep(50);
                saved = RuntimeFactory.checkpointStore(cfg).load(1).orElse(null); // no row before the pipeline opens it
            }
            assertEquals(20, saved.commitTs(), "the advance right after the DDL's save is saved while the input waits");
            assertFalse(saved.consistent(), "still running: " + saved);
        } finally {
            resume.countDown();
        }
        assertEquals(1L, run.get(60, TimeUnit.SECONDS));
        assertEquals(new Checkpoint(true, 20, Map.of(), 0), RuntimeFactory.checkpointStore(cfg).load(1).orElseThrow());
    }

    @Test
    void anAdvanceOnlyItemMovesTheCheckpointOnlyAfterTheTransactionBeforeItIsApplied(MariaDb db) throws Exception {
        String schema = db.createDatabase("pladv");
        String cp = db.createDatabase("pladvcp");
        DrainerConfig cfg = config(db, cp);
        CountDownLatch advanceHandedOn = new CountDownLatch(1);
        CountDownLatch releaseDdl = new CountDownLatch(1);
        List<String> events = new CopyOnWriteArrayList<>();
        Iterator<SyncItem> source = itemsThen(ddlThenAdvance(schema),
                advanceHandedOn::countDown);
        Pipeline.Options options = new Pipeline.Options(Duration.ZERO, Duration.ofMinutes(5), point -> {
            try {
                if (point.equals("loader.ddl.before")) {
                    // Hold the transaction until the advance-only item behind it is in the syncer's hands.
                    assertTrue(advanceHandedOn.await(30, TimeUnit.SECONDS));
                    Thread.sleep(300);
                    events.add("ddl.released");
                    releaseDdl.countDown();
                } else if (point.equals("loader.ddl.after")) {
                    events.add("ddl.applied");
                } else if (point.equals("checkpoint.save.after")) {
                    events.add("saved " + RuntimeFactory.checkpointStore(cfg).load(1).orElseThrow().commitTs());
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals(1, Pipeline.runItems(cfg, 1, 5, source, options));
        int applied = events.indexOf("ddl.applied");
        assertTrue(applied > events.indexOf("ddl.released") && events.subList(0, applied).stream()
                .filter(e -> e.startsWith("saved")).allMatch(e -> Long.parseLong(e.substring("saved ".length())) < 10),
                "nothing at or above the transaction's ts (10) is saved before it is applied: " + events);
        assertTrue(events.subList(0, applied).contains("saved 9"), "a DDL is preceded by a save just below it: " + events);
        assertEquals("saved 20", events.get(events.size() - 1), "then the fake's ts: " + events);
        assertEquals(new Checkpoint(true, 20, Map.of(), 0), RuntimeFactory.checkpointStore(cfg).load(1).orElseThrow());
        try (java.sql.Connection c = db.connect(schema)) {
            assertTrue(c.getMetaData().getTables(schema, null, "t", null).next(), "the DDL reached the downstream");
        }
    }
}
