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
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
}
