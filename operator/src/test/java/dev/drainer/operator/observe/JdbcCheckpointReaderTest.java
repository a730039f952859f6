package dev.drainer.operator.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.checkpoint.MysqlEndpoint;
import dev.drainer.testkit.db.MariaDb;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The operator's checkpoint read against a real MariaDB. */
class JdbcCheckpointReaderTest {
    private final MariaDb db = MariaDb.shared();
    private final JdbcCheckpointReader reader = new JdbcCheckpointReader(Duration.ofSeconds(3));

    private CheckpointSource source(String schema) {
        return new CheckpointSource(db.host(), db.port(), db.user(), db.password(), schema, "checkpoint",
                Optional.empty());
    }

    private CheckpointStore store(String schema) {
        return new CheckpointStore(new MysqlEndpoint(db.host(), db.port(), db.user(), db.password(),
                Duration.ofSeconds(3), Duration.ofSeconds(3), List.of()), schema, "checkpoint");
    }

    @Test
    void readsTheRowOfTheClusterAndReportsAbsence() throws Exception {
        String schema = db.createDatabase("cpread");
        assertEquals(CheckpointReading.Outcome.ABSENT, reader.read(source(schema), "1").outcome(), "no table yet");
        CheckpointStore store = store(schema);
        store.createIfMissing();
        store.save(Long.parseUnsignedLong("18446744073709551615"), Checkpoint.at(42, true));
        store.save(2, Checkpoint.at(43, false));
        CheckpointReading r = reader.read(source(schema), "18446744073709551615");
        assertEquals(CheckpointReading.found(42, true), r);
        assertEquals(CheckpointReading.found(43, false), reader.read(source(schema), "2"));
        assertEquals(CheckpointReading.Outcome.ABSENT, reader.read(source(schema), "3").outcome());
    }

    @Test
    void withoutAClusterIdOnlyASingleRowIsRead() throws Exception {
        String schema = db.createDatabase("cpsingle");
        CheckpointStore store = store(schema);
        store.createIfMissing();
        store.save(5, Checkpoint.at(50, false));
        assertEquals(CheckpointReading.found(50, false), reader.read(source(schema), null));
        store.save(6, Checkpoint.at(60, false));
        CheckpointReading r = reader.read(source(schema), null);
        assertEquals(CheckpointReading.Outcome.FAILED, r.outcome());
        assertTrue(r.error().contains(schema + ".checkpoint"), r.error());
    }

    @Test
    void anUnreachableDownstreamIsAFailureWithoutThePassword() throws Exception {
        CheckpointSource wrong = new CheckpointSource("127.0.0.1", MariaDb.freePort(), "root", "s3cret-pw", "x",
                "checkpoint", Optional.empty());
        CheckpointReading r = reader.read(wrong, "1");
        assertEquals(CheckpointReading.Outcome.FAILED, r.outcome());
        assertTrue(r.error().startsWith("cannot read checkpoint from root@127.0.0.1:"), r.error());
        assertFalse(r.error().contains("s3cret-pw"), r.error());
    }
}
