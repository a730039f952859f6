package dev.drainer.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.checkpoint.MysqlEndpoint;
import dev.drainer.proto.secondary.SecondaryBinlog.Binlog;
import dev.drainer.proto.secondary.SecondaryBinlog.BinlogType;
import dev.drainer.proto.secondary.SecondaryBinlog.Column;
import dev.drainer.proto.secondary.SecondaryBinlog.ColumnInfo;
import dev.drainer.proto.secondary.SecondaryBinlog.DDLData;
import dev.drainer.proto.secondary.SecondaryBinlog.DMLData;
import dev.drainer.proto.secondary.SecondaryBinlog.MutationType;
import dev.drainer.proto.secondary.SecondaryBinlog.Row;
import dev.drainer.proto.secondary.SecondaryBinlog.Table;
import dev.drainer.proto.secondary.SecondaryBinlog.TableMutation;
import dev.drainer.relay.RelayOptions;
import dev.drainer.relay.RelayWriter;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The {@code recover} contract: one exit code per outcome, and what each leaves behind. */
@ExtendWith(MariaDbExtension.class)
class RecoverCommandTest {
    private static final long CLUSTER = 6998437254455456769L;
    private final MariaDb db;
    private String schema;
    private String cpSchema;
    @TempDir
    Path tmp;
    private Path relay;
    private Path config;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    RecoverCommandTest(MariaDb db) {
        this.db = db;
    }

    @BeforeEach
    void setUp() throws Exception {
        schema = db.createDatabase("rc");
        cpSchema = db.createDatabase("rccp");
        relay = tmp.resolve("relay");
        config = tmp.resolve("drainer.toml");
        writeConfig(db.port());
    }

    private void writeConfig(int port) throws Exception {
        Files.writeString(config, String.join("\n",
                "[syncer]", "worker-count = 4", "txn-batch = 2",
                "[syncer.relay]", "log-dir = \"" + relay + "\"", "max-file-size = 300", "lock-timeout = \"1s\"",
                "[syncer.to]", "host = \"127.0.0.1\"", "port = " + port, "user = \"" + db.user() + "\"",
                "password = \"" + db.password() + "\"", "read-timeout = \"5s\"",
                "[syncer.to.checkpoint]", "schema = \"" + cpSchema + "\"", ""));
    }

    private ExitCode recover(String... extra) {
        List<String> args = new ArrayList<>(List.of("-config", config.toString()));
        args.addAll(List.of(extra));
        out.reset();
        err.reset();
        return new RecoverCommand().run(args, Map.of(), new PrintStream(out, true), new PrintStream(err, true));
    }

    private CheckpointStore store() {
        return new CheckpointStore(new MysqlEndpoint(db.host(), db.port(), db.user(), db.password(),
                Duration.ofSeconds(5), Duration.ofSeconds(5), List.of()), cpSchema, "checkpoint");
    }

    private static Binlog insert(String schema, long ts, long id) {
        ColumnInfo idCol = ColumnInfo.newBuilder().setName("id").setMysqlType("bigint").setIsPrimaryKey(true).setFlen(20).setDecimal(0).build();
        ColumnInfo vCol = ColumnInfo.newBuilder().setName("v").setMysqlType("varchar").setIsPrimaryKey(false).setFlen(20).setDecimal(0).build();
        return Binlog.newBuilder().setType(BinlogType.DML).setCommitTs(ts).setTimeZone("+00:00")
                .setDmlData(DMLData.newBuilder().addTables(Table.newBuilder().setSchemaName(schema).setTableName("t")
                        .addColumnInfo(idCol).addColumnInfo(vCol)
                        .addMutations(TableMutation.newBuilder().setType(MutationType.Insert).setRow(Row.newBuilder()
                                .addColumns(Column.newBuilder().setInt64Value(id))
                                .addColumns(Column.newBuilder().setStringValue("v" + id))))))
                .build();
    }

    /** Relay with CREATE TABLE at ts 10 and inserts of ids 1..n at ts 10+id. */
    private void writeRelay(int n) throws Exception {
        try (RelayWriter w = RelayWriter.open(relay, RelayOptions.builder().maxFileSize(300).build())) {
            w.append(Binlog.newBuilder().setType(BinlogType.DDL).setCommitTs(10).setDdlData(DDLData.newBuilder()
                    .setSchemaName(schema).setTableName("t")
                    .setDdlQuery(ByteString.copyFromUtf8("CREATE TABLE t (id BIGINT PRIMARY KEY, v VARCHAR(20))"))).build().toByteArray());
            for (int i = 1; i <= n; i++) {
                w.append(insert(schema, 10 + i, i).toByteArray());
            }
            w.sync();
        }
    }

    private List<Long> ids() throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = db.connect(schema); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM t ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        return ids;
    }

    @Test
    void replaysAboveTheCheckpointAndMarksItConsistent() throws Exception {
        writeRelay(30);
        // The downstream got the DDL and rows 1..5, and a torn part of later ones (row 9 only).
        db.execute("CREATE TABLE `" + schema + "`.t (id BIGINT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO `" + schema + "`.t VALUES (1,'v1'),(2,'v2'),(3,'v3'),(4,'v4'),(5,'v5'),(9,'stale')");
        store().createIfMissing();
        store().save(CLUSTER, new Checkpoint(false, 15, Map.of("primary-ts", 15L), 7));

        assertEquals(ExitCode.OK, recover(), err.toString());
        assertTrue(out.toString().contains("outcome=recovered") && out.toString().contains("consistentAt=40"), out.toString());
        assertTrue(out.toString().matches("(?s).*relayBytes=[1-9][0-9]* .*"), "relay bytes read are reported: " + out);
        Checkpoint cp = store().load(CLUSTER).orElseThrow();
        assertEquals(new Checkpoint(true, 40, Map.of("primary-ts", 15L), 7), cp, "ts-map and schema-version are kept");
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= 30; i++) {
            expected.add(i);
        }
        assertEquals(expected, ids());
        try (Connection c = db.connect(schema); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM t WHERE id = 9")) {
            rs.next();
            assertEquals("v9", rs.getString(1), "safe mode replaced the torn row");
        }
        assertTrue(Files.list(relay).anyMatch(p -> p.getFileName().toString().startsWith("binlog-0000000000000003")),
                "several relay files were replayed");

        assertEquals(ExitCode.NOTHING_TO_DO, recover(), "a second run finds a consistent checkpoint");
        assertTrue(out.toString().contains("already consistent"), out.toString());
    }

    @Test
    void recordsRelayedAgainByARestartedRunAreNotReplayedTwice() throws Exception {
        writeRelay(30);
        // A restart from checkpoint 15 relayed ids 6..8 again after the crashed run's ids up to 30, then crashed.
        try (RelayWriter w = RelayWriter.open(relay, RelayOptions.builder().maxFileSize(300).build())) {
            for (int i = 6; i <= 8; i++) {
                w.append(insert(schema, 10 + i, i).toByteArray());
            }
            w.sync();
        }
        db.execute("CREATE TABLE `" + schema + "`.t (id BIGINT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO `" + schema + "`.t VALUES (1,'v1'),(2,'v2'),(3,'v3'),(4,'v4'),(5,'v5'),(6,'v6')");
        store().createIfMissing();
        store().save(CLUSTER, new Checkpoint(false, 15, Map.of(), 0));

        assertEquals(ExitCode.OK, recover(), err.toString());
        // Consistent at 18 (the last record in file order) would claim a state without rows 9..30 they hold.
        assertEquals(new Checkpoint(true, 40, Map.of(), 0), store().load(CLUSTER).orElseThrow());
        assertEquals(LongStream.rangeClosed(1, 30).boxed().toList(), ids());
    }

    @Test
    void nothingToDoWithoutACheckpointRow() throws Exception {
        writeRelay(2);
        assertEquals(ExitCode.NOTHING_TO_DO, recover(), err.toString());
        assertTrue(out.toString().contains("no checkpoint row"), out.toString());
        assertEquals(ExitCode.NOTHING_TO_DO, recover("-cluster-id", "12"));
    }

    @Test
    void severalRowsWithoutAClusterIdIsFatalAndAnIdPicksOne() throws Exception {
        writeRelay(3);
        db.execute("CREATE TABLE `" + schema + "`.t (id BIGINT PRIMARY KEY, v VARCHAR(20))");
        store().createIfMissing();
        store().save(1, Checkpoint.at(12, false));
        store().save(CLUSTER, Checkpoint.at(10, true));
        assertEquals(ExitCode.FATAL, recover());
        assertTrue(err.toString().contains("-cluster-id") && err.toString().contains("2 rows"), err.toString());
        assertEquals(List.of(), ids(), "nothing was written");
        assertEquals(ExitCode.OK, recover("-cluster-id=1"), err.toString());
        assertEquals(List.of(3L), ids(), "rows above ts 12 only");
        assertEquals(ExitCode.FATAL, recover("-cluster-id", "nope"));
        assertTrue(err.toString().contains("-cluster-id=nope"), err.toString());
    }

    @Test
    void aCorruptRecordIsFatalNamingFileAndOffsetAndChangesNothing() throws Exception {
        writeRelay(3);
        store().createIfMissing();
        store().save(CLUSTER, Checkpoint.at(5, false));
        Path first = Files.list(relay).filter(p -> p.getFileName().toString().startsWith("binlog-")).sorted().findFirst().orElseThrow();
        try (RandomAccessFile f = new RandomAccessFile(first.toFile(), "rw")) {
            f.seek(20);
            f.write(f.read() ^ 0xff);
        }
        assertEquals(ExitCode.FATAL, recover());
        assertTrue(err.toString().contains(first.getFileName().toString()) && err.toString().contains("offset"), err.toString());
        assertEquals(new Checkpoint(false, 5, Map.of(), 0), store().load(CLUSTER).orElseThrow());
    }

    @Test
    void aWellFramedRecordThatIsNoBinlogIsFatalNamingFileAndOffset() throws Exception {
        writeRelay(2);
        try (RelayWriter w = RelayWriter.open(relay, RelayOptions.builder().maxFileSize(300).build())) {
            // Its CRC is right, but field 3 (dml_data) claims 5 bytes and the record ends after 1.
            w.append(new byte[] {0x1a, 0x05, 0x0a});
            w.sync();
        }
        store().createIfMissing();
        store().save(CLUSTER, Checkpoint.at(5, false));
        assertEquals(ExitCode.FATAL, recover());
        assertTrue(err.toString().contains("binlog-") && err.toString().contains("at offset")
                && err.toString().contains("not a secondary binlog"), err.toString());
        assertFalse(store().load(CLUSTER).orElseThrow().consistent(), "a replay that stopped short is not consistent");
    }

    @Test
    void aRowTheDownstreamRefusesEveryTimeIsFatalAndLeavesTheCheckpointInconsistent() throws Exception {
        writeRelay(3);
        // v is narrower downstream than upstream: strict mode refuses "v1" with 1406 on every attempt.
        db.execute("CREATE TABLE `" + schema + "`.t (id BIGINT PRIMARY KEY, v VARCHAR(1))");
        store().createIfMissing();
        store().save(CLUSTER, Checkpoint.at(10, false));
        assertEquals(ExitCode.FATAL, recover());
        assertTrue(err.toString().contains("1406"), err.toString());
        assertEquals(Checkpoint.at(10, false), store().load(CLUSTER).orElseThrow());
    }

    @Test
    void aHeldLockOrAnUnreachableDownstreamIsRetryable() throws Exception {
        writeRelay(1);
        store().createIfMissing();
        store().save(CLUSTER, Checkpoint.at(5, false));
        try (RelayWriter holder = RelayWriter.open(relay, RelayOptions.defaults())) {
            assertEquals(ExitCode.RETRYABLE, recover());
            assertTrue(err.toString().contains("pid="), "names the holder: " + err);
        }
        writeConfig(MariaDb.freePort());
        assertEquals(ExitCode.RETRYABLE, recover());
        assertTrue(err.toString().toLowerCase().contains("communications link failure")
                || err.toString().toLowerCase().contains("connection refused"), err.toString());
    }

    @Test
    void badConfigurationIsFatal() throws Exception {
        Files.writeString(config, "[syncer]\nworker-count = \"many\"\n");
        assertEquals(ExitCode.FATAL, recover());
        assertTrue(err.toString().contains("worker-count"), err.toString());
        Files.writeString(config, "[syncer.to]\nhost = \"127.0.0.1\"\n");
        assertEquals(ExitCode.FATAL, recover());
        assertTrue(err.toString().contains("log-dir"), err.toString());
    }
}
