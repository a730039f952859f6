package dev.drainer.runtime.translate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.drainer.config.ConfigLoader;
import dev.drainer.config.DrainerConfig;
import dev.drainer.proto.binlog.Binlog;
import dev.drainer.proto.binlog.PrewriteValue;
import dev.drainer.proto.binlog.TableMutation;
import dev.drainer.proto.secondary.SecondaryBinlog;
import dev.drainer.runtime.schema.SchemaTracker;
import dev.drainer.runtime.schema.SimulatedHistory;
import dev.drainer.runtime.schema.TableFilter;
import dev.drainer.runtime.syncer.Pipeline;
import dev.drainer.sim.tidb.TidbBinlogEncoder;
import dev.drainer.testkit.db.MariaDb;
import dev.drainer.testkit.db.MariaDbExtension;
import dev.drainer.testkit.downstream.DownstreamReader;
import dev.drainer.testkit.downstream.StateComparator;
import dev.drainer.testkit.workload.DatabaseState;
import dev.drainer.testkit.workload.TableContent;
import dev.drainer.testkit.workload.Transaction;
import dev.drainer.testkit.workload.Workload;
import dev.drainer.testkit.workload.WorkloadSpec;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workload → simulator's TiDB encoding (tipb binlogs + DDL history) → schema tracker, row decoder
 * and translator → secondary binlogs → relay log and loader on MariaDB → equal to the oracle.
 */
@ExtendWith(MariaDbExtension.class)
class TiBinlogRoundTripTest {
    @TempDir
    Path tmp;

    private DrainerConfig config(MariaDb db, String cpSchema, String syncerExtra) {
        return ConfigLoader.parseToml(String.join("\n", "[syncer]", "worker-count = 4", "txn-batch = 5", syncerExtra,
                "[syncer.relay]", "log-dir = \"" + tmp.resolve("relay-" + cpSchema) + "\"",
                "[syncer.to]", "host = \"127.0.0.1\"", "port = " + db.port(), "user = \"" + db.user() + "\"",
                "password = \"" + db.password() + "\"",
                "[syncer.to.checkpoint]", "schema = \"" + cpSchema + "\"", ""), "test.toml", Map.of());
    }

    private static TiBinlogTranslator translator(TidbBinlogEncoder.Encoded enc, DrainerConfig cfg, ZoneId zone) {
        SimulatedHistory history = new SimulatedHistory(enc.history());
        SchemaTracker schema = new SchemaTracker(history.allJobs());
        schema.applyUpTo(1); // checkpoint schema-version 0 + 1, as the Go syncer starts
        return new TiBinlogTranslator(schema, history, TableFilter.of(cfg.syncer()), Set.copyOf(cfg.syncer().ignoreTxnCommitTs()),
                cfg.syncer().syncDdl(), zone);
    }

    private static List<Translation> translateAll(TiBinlogTranslator tr, List<Binlog> binlogs) {
        List<Translation> out = new ArrayList<>();
        for (Binlog b : binlogs) {
            out.add(tr.translate(b));
        }
        return out;
    }

    private static List<SecondaryBinlog.Binlog> emitted(List<Translation> ts, long fromExclusive, long toInclusive) {
        return ts.stream().filter(t -> t instanceof Translation.Emit && t.commitTs() > fromExclusive && t.commitTs() <= toInclusive)
                .map(t -> ((Translation.Emit) t).binlog()).toList();
    }

    private static void run(DrainerConfig cfg, List<SecondaryBinlog.Binlog> binlogs) throws Exception {
        Pipeline.run(cfg, 1, 0, binlogs.iterator(), Pipeline.Options.defaults());
    }

    @Test
    void everyColumnTypeAndDdlKindEqualsTheOracleMidwayAndAtTheEnd(MariaDb db) throws Exception {
        String schema = db.createDatabase("tib");
        DrainerConfig cfg = config(db, db.createDatabase("tibcp"), "");
        Workload w = Workload.generate(WorkloadSpec.defaults(41, schema).withTransactions(500).withDdlRatio(0.06));
        TidbBinlogEncoder.Encoded enc = TidbBinlogEncoder.encodeAll(w);
        List<Translation> ts = translateAll(translator(enc, cfg, ZoneOffset.UTC), enc.binlogs());
        assertTrue(ts.stream().allMatch(t -> t instanceof Translation.Emit), "nothing is filtered by default");
        assertTrue(ts.stream().allMatch(t -> ((Translation.Emit) t).binlog().getTimeZone().equals("+00:00")));
        long mid = w.transactions().get(w.transactions().size() / 2).commitTs();
        run(cfg, emitted(ts, 0, mid));
        try (Connection c = db.connect(schema)) {
            StateComparator.compare(w.expectedAt(mid), DownstreamReader.read(c, w)).assertEqual();
            run(cfg, emitted(ts, mid, Long.MAX_VALUE));
            DatabaseState actual = DownstreamReader.read(c, w);
            StateComparator.compare(w.expectedAt(w.lastCommitTs()), actual).assertEqual();
            assertTrue(actual.rowCount() > 100, "rows " + actual.rowCount());
        }
        assertTrue(ts.get(ts.size() - 1).schemaVersion() > 5, "DDLs moved the schema version");
    }

    @Test
    void timestampsWrittenInAnotherZoneLandOnTheSameInstant(MariaDb db) throws Exception {
        String schema = db.createDatabase("tibtz");
        DrainerConfig cfg = config(db, db.createDatabase("tibtzcp"), "");
        Workload w = Workload.generate(WorkloadSpec.defaults(42, schema).withTransactions(150).withDdlRatio(0.03));
        TidbBinlogEncoder.Encoded enc = TidbBinlogEncoder.encodeAll(w);
        List<Translation> ts = translateAll(translator(enc, cfg, ZoneId.of("Asia/Kolkata")), enc.binlogs());
        assertEquals("Asia/Kolkata", ((Translation.Emit) ts.get(0)).binlog().getTimeZone());
        run(cfg, emitted(ts, 0, Long.MAX_VALUE));
        try (Connection c = db.connect(schema)) {
            StateComparator.compare(w.expectedAt(w.lastCommitTs()), DownstreamReader.read(c, w)).assertEqual();
        }
    }

    @Test
    void filteredTablesAndIgnoredCommitTsBecomeCheckpointOnlySkips(MariaDb db) throws Exception {
        String schema = db.createDatabase("tibf");
        String cp = db.createDatabase("tibfcp");
        Workload w = Workload.generate(WorkloadSpec.defaults(43, schema).withTransactions(200).withDdlRatio(0.04));
        DrainerConfig cfg = config(db, cp, "ignore-table = [{db-name = \"" + schema + "\", tbl-name = \"t2\"}]");
        TidbBinlogEncoder.Encoded enc = TidbBinlogEncoder.encodeAll(w);
        List<Translation> ts = translateAll(translator(enc, cfg, ZoneOffset.UTC), enc.binlogs());
        int skips = 0;
        for (int i = 0; i < ts.size(); i++) {
            Transaction t = w.transactions().get(i);
            boolean onlyT2 = t.isDdl() ? t.ddl().table().equals("t2")
                    : t.changes().stream().allMatch(c -> c.tableName().equals("t2"));
            assertEquals(onlyT2, ts.get(i) instanceof Translation.Skip, "transaction " + i + " at " + t.commitTs());
            assertEquals(t.commitTs(), ts.get(i).commitTs());
            skips += onlyT2 ? 1 : 0;
            if (ts.get(i) instanceof Translation.Emit e && !t.isDdl()) {
                assertTrue(e.binlog().getDmlData().getTablesList().stream().noneMatch(x -> x.getTableName().equals("t2")));
            }
        }
        assertTrue(skips > 5, "skips " + skips);
        run(cfg, emitted(ts, 0, Long.MAX_VALUE));
        Map<String, TableContent> expected = new LinkedHashMap<>(w.expectedAt(w.lastCommitTs()).tables());
        expected.remove("t2");
        try (Connection c = db.connect(schema)) {
            StateComparator.compare(new DatabaseState(schema, expected), DownstreamReader.read(c, w)).assertEqual();
        }

        long ignored = w.transactions().stream().filter(t -> !t.isDdl()).skip(3).findFirst().orElseThrow().commitTs();
        DrainerConfig ign = config(db, cp, "ignore-txn-commit-ts = [" + ignored + "]");
        List<Translation> again = translateAll(translator(enc, ign, ZoneOffset.UTC), enc.binlogs());
        assertEquals(List.of(ignored), again.stream().filter(t -> t instanceof Translation.Skip).map(Translation::commitTs).toList());
        Translation.Skip s = (Translation.Skip) again.stream().filter(t -> t.commitTs() == ignored).findFirst().orElseThrow();
        assertEquals("ignore-txn-commit-ts", s.reason());
    }

    @Test
    void fakesUnknownTablesAndBrokenRowsAreNamed() throws Exception {
        Workload w = Workload.generate(WorkloadSpec.defaults(44, "fk").withTransactions(20).withDdlRatio(0));
        TidbBinlogEncoder.Encoded enc = TidbBinlogEncoder.encodeAll(w);
        DrainerConfig cfg = ConfigLoader.parseToml("", "empty.toml", Map.of());
        TiBinlogTranslator tr = translator(enc, cfg, ZoneOffset.UTC);
        Binlog fake = Binlog.newBuilder().setStartTs(77).setCommitTs(77).build();
        assertInstanceOf(Translation.Skip.class, tr.translate(fake));
        for (int i = 0; i < 4; i++) {
            tr.translate(enc.binlogs().get(i)); // the CREATE TABLEs
        }
        Binlog dml = enc.binlogs().get(5);
        PrewriteValue pv = PrewriteValue.parseFrom(dml.getPrewriteValue());
        Binlog unknown = dml.toBuilder().setPrewriteValue(pv.toBuilder().setMutations(0,
                pv.getMutations(0).toBuilder().setTableId(999_999)).build().toByteString()).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> tr.translate(unknown));
        assertTrue(e.getMessage().contains("commit ts " + dml.getCommitTs()) && e.getMessage().contains("not found table id 999999"),
                e.getMessage());
        TableMutation m = pv.getMutations(0);
        TableMutation broken = m.toBuilder().clearInsertedRows().clearUpdatedRows().clearDeletedRows()
                .addAllInsertedRows(m.getInsertedRowsList().stream().map(r -> r.substring(0, r.size() - 3)).toList())
                .addAllUpdatedRows(m.getUpdatedRowsList().stream().map(r -> r.substring(0, r.size() - 3)).toList())
                .addAllDeletedRows(m.getDeletedRowsList().stream().map(r -> r.substring(0, r.size() - 3)).toList()).build();
        Binlog truncatedRow = dml.toBuilder().setPrewriteValue(pv.toBuilder().setMutations(0, broken).build().toByteString()).build();
        e = assertThrows(IllegalStateException.class, () -> tr.translate(truncatedRow));
        assertTrue(e.getMessage().contains("commit ts " + dml.getCommitTs()) && e.getMessage().contains("cannot be translated"),
                e.getMessage());
        Binlog garbage = dml.toBuilder().setPrewriteValue(ByteString.copyFrom(new byte[] {(byte) 0xFF, 1, 2})).build();
        e = assertThrows(IllegalStateException.class, () -> tr.translate(garbage));
        assertTrue(e.getMessage().contains("prewrite_value (3 bytes) is not a PrewriteValue"), e.getMessage());
    }
}
