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
import dev.drainer.testkit.workload.ColumnDef;
import dev.drainer.testkit.workload.ColumnType;
import dev.drainer.testkit.workload.DatabaseState;
import dev.drainer.testkit.workload.RowChange;
import dev.drainer.testkit.workload.TableDef;
import dev.drainer.testkit.workload.UniqueKey;
import dev.drainer.testkit.workload.Ddl;
import dev.drainer.testkit.workload.TableContent;
import dev.drainer.testkit.workload.Transaction;
import dev.drainer.testkit.workload.Workload;
import dev.drainer.testkit.workload.WorkloadSpec;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
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

    /**
     * Every DDL kind (create, add/drop column, add index, rename, truncate, drop, create again) among
     * the DML: the downstream equals the oracle, indexes included, after every DDL and at the end.
     */
    @Test
    void everyDdlKindInterleavedWithDmlEqualsTheOracleAfterEachDdl(MariaDb db) throws Exception {
        String schema = db.createDatabase("tiball");
        DrainerConfig cfg = config(db, db.createDatabase("tiballcp"), "");
        Workload w = Workload.generate(WorkloadSpec.defaults(45, schema).withTransactions(400).withDdlRatio(0.12)
                .withAllDdlKinds());
        TidbBinlogEncoder.Encoded enc = TidbBinlogEncoder.encodeAll(w);
        List<Translation> ts = translateAll(translator(enc, cfg, ZoneOffset.UTC), enc.binlogs());
        List<Long> skipped = ts.stream().filter(t -> t instanceof Translation.Skip).map(Translation::commitTs).toList();
        List<Long> dropColumns = w.transactions().stream().filter(t -> t.isDdl() && t.ddl().kind() == Ddl.Kind.DROP_COLUMN)
                .map(t -> t.commitTs() - 1).toList();
        assertEquals(dropColumns, skipped, "only the delete-only binlogs of DROP COLUMN are skipped");
        assertTrue(ddlKinds(w).containsAll(EnumSet.allOf(Ddl.Kind.class)), ddlKinds(w).toString());
        long from = 0;
        try (Connection c = db.connect(schema)) {
            for (Transaction t : w.transactions()) {
                if (t.isDdl() || t.commitTs() == w.lastCommitTs()) {
                    run(cfg, emitted(ts, from, t.commitTs()));
                    from = t.commitTs();
                    DatabaseState expected = w.expectedAt(t.commitTs());
                    StateComparator.compare(expected, DownstreamReader.read(c, w)).assertEqual();
                    assertEquals(DownstreamReader.secondaryIndexes(expected), DownstreamReader.secondaryIndexes(c, schema),
                            "indexes after " + (t.isDdl() ? t.ddl().sql() : "the end"));
                }
            }
            assertTrue(DownstreamReader.read(c, w).rowCount() > 50);
        }
    }

    private static Set<Ddl.Kind> ddlKinds(Workload w) {
        return w.transactions().stream().filter(Transaction::isDdl).map(t -> t.ddl().kind())
                .collect(java.util.stream.Collectors.toCollection(() -> EnumSet.noneOf(Ddl.Kind.class)));
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

    /**
     * Filters across RENAME and DROP TABLE, by the Go rules: a DDL is filtered by the name the table
     * has after it (spec §3.4: {@code version2SchemaTable}), a DML by its table's current name.
     * {@code ignore-table} covering a table under all its names, and a dropped name, leaves exactly
     * those tables out; {@code replicate-do-table} matching only original names
     * keeps a table renamed out of it downstream as it was at the rename.
     */
    @Test
    void filtersFollowTablesAcrossRenameAndDrop(MariaDb db) throws Exception {
        String schema = db.createDatabase("tibren");
        Workload w = Workload.generate(WorkloadSpec.defaults(46, schema).withTransactions(300).withDdlRatio(0.15)
                .withAllDdlKinds());
        TidbBinlogEncoder.Encoded enc = TidbBinlogEncoder.encodeAll(w);
        List<Transaction> txns = w.transactions();
        Transaction rename = txns.stream().filter(t -> t.isDdl() && t.ddl().kind() == Ddl.Kind.RENAME_TABLE).findFirst().orElseThrow();
        String base = rename.ddl().table().replaceAll("_r[0-9]+$", "");
        Transaction drop = txns.stream().filter(t -> t.isDdl() && t.ddl().kind() == Ddl.Kind.DROP_TABLE
                && !t.ddl().table().startsWith(base + "_r") && !t.ddl().table().equals(base)).findFirst().orElseThrow();
        java.util.function.Predicate<String> ignored = n -> n.matches(base + "(_r[0-9]+)?") || n.equals(drop.ddl().table());

        DrainerConfig ign = config(db, db.createDatabase("tibrencp"), "ignore-table = [{db-name = \"" + schema
                + "\", tbl-name = \"~^" + base + "(_r[0-9]+)?$\"}, {db-name = \"" + schema + "\", tbl-name = \""
                + drop.ddl().table() + "\"}]");
        List<Translation> ts = translateAll(translator(enc, ign, ZoneOffset.UTC), enc.binlogs());
        int txn = 0;
        for (Translation tr : ts) {
            if (tr.commitTs() != txns.get(txn).commitTs()) {
                continue; // the delete-only binlog of a DROP COLUMN, a skip of its own
            }
            Transaction t = txns.get(txn++);
            boolean allIgnored = t.isDdl() ? ignored.test(t.ddl().tableNameAfter())
                    : t.changes().stream().allMatch(c -> ignored.test(c.tableName()));
            assertEquals(allIgnored, tr instanceof Translation.Skip, "transaction at " + t.commitTs());
        }
        assertEquals(txns.size(), txn);
        run(ign, emitted(ts, 0, Long.MAX_VALUE));
        Map<String, TableContent> expected = new LinkedHashMap<>(w.expectedAt(w.lastCommitTs()).tables());
        expected.keySet().removeIf(ignored);
        try (Connection c = db.connect(schema)) {
            StateComparator.compare(new DatabaseState(schema, expected), DownstreamReader.read(c, w)).assertEqual();
        }

        String doSchema = db.createDatabase("tibdo");
        Workload wd = Workload.generate(w.spec().withSchema(doSchema));
        TidbBinlogEncoder.Encoded encd = TidbBinlogEncoder.encodeAll(wd);
        DrainerConfig only = config(db, db.createDatabase("tibdocp"), "replicate-do-table = [{db-name = \"" + doSchema
                + "\", tbl-name = \"~^t[0-9]+$\"}]");
        run(only, emitted(translateAll(translator(encd, only, ZoneOffset.UTC), encd.binlogs()), 0, Long.MAX_VALUE));
        Map<String, TableContent> kept = new LinkedHashMap<>(wd.expectedAt(wd.lastCommitTs()).tables());
        kept.keySet().removeIf(n -> !n.matches("t[0-9]+"));
        int frozen = 0;
        for (int i = 1; i < wd.transactions().size(); i++) {
            Ddl d = wd.transactions().get(i).ddl();
            if (d != null && d.kind() == Ddl.Kind.RENAME_TABLE && d.table().matches("t[0-9]+")) {
                // The RENAME is filtered by its new name: the old table stays, as it was just before.
                kept.put(d.table(), wd.expectedAt(wd.transactions().get(i - 1).commitTs()).table(d.table()));
                frozen++;
            }
        }
        assertTrue(frozen > 0, "the workload renames a table out of the replicated names");
        try (Connection c = db.connect(doSchema)) {
            StateComparator.compare(new DatabaseState(doSchema, kept), DownstreamReader.read(c, wd)).assertEqual();
        }
    }

    /**
     * DML committed between DROP COLUMN's delete-only binlog and its done binlog lacks the column
     * (TiDB stops writing it in delete-only, ddl_worker.go writeBinlog): the delete-only binlog is a
     * skip that lets such rows through, the column filled as absent (NULL here: no origin default);
     * without it the short row is an error. The done binlog then emits the DROP COLUMN itself.
     */
    @Test
    void rowsInTheDeleteOnlyWindowOfDropColumnLackTheColumn() throws Exception {
        TableDef t = new TableDef("dc", "t", List.of(ColumnDef.of("id", ColumnType.INT).notNull(), ColumnDef.of("a", ColumnType.INT),
                ColumnDef.of("c", ColumnType.INT)), new UniqueKey(UniqueKey.PRIMARY, List.of("id")), List.of());
        Ddl drop = Ddl.dropColumn(t, "c");
        List<Object> before = Arrays.asList(BigInteger.ONE, BigInteger.TWO, BigInteger.TEN);
        List<Object> narrow = Arrays.asList(BigInteger.ONE, BigInteger.TWO);
        List<Object> updated = Arrays.asList(BigInteger.ONE, BigInteger.valueOf(5));
        long ts = WorkloadSpec.DEFAULT_FIRST_COMMIT_TS;
        Workload w = Workload.of(WorkloadSpec.defaults(1, "dc"), List.of(Transaction.ddl(ts, Ddl.createTable(t)),
                Transaction.dml(ts + (1 << 18), List.of(RowChange.insert(t, before))),
                Transaction.ddl(ts + (2 << 18), drop),
                Transaction.dml(ts + (3 << 18), List.of(RowChange.update(drop.tableAfter(), narrow, updated)))));
        TidbBinlogEncoder.Encoded enc = TidbBinlogEncoder.encodeAll(w);
        List<Binlog> b = enc.binlogs(); // create, insert, delete-only, done, update
        assertEquals(1, b.get(2).getDdlSchemaState());
        Binlog done = b.get(3);
        PrewriteValue pv = PrewriteValue.parseFrom(b.get(4).getPrewriteValue());
        // The update as TiDB writes it mid-job: an older schema version, committed before the job is done.
        Binlog midJob = b.get(4).toBuilder().setPrewriteValue(pv.toBuilder().setSchemaVersion(pv.getSchemaVersion() - 1)
                .build().toByteString()).build();
        Binlog doneLater = done.toBuilder().setStartTs(midJob.getCommitTs()).setCommitTs(midJob.getCommitTs() + 1).build();
        DrainerConfig cfg = ConfigLoader.parseToml("", "empty.toml", Map.of());

        TiBinlogTranslator tr = translator(enc, cfg, ZoneOffset.UTC);
        translateAll(tr, b.subList(0, 2));
        Translation.Skip s = assertInstanceOf(Translation.Skip.class, tr.translate(b.get(2)));
        assertEquals("drop column in delete-only state", s.reason());
        SecondaryBinlog.Table table = ((Translation.Emit) tr.translate(midJob)).binlog().getDmlData().getTables(0);
        assertEquals(List.of("id", "a", "c"), table.getColumnInfoList().stream().map(SecondaryBinlog.ColumnInfo::getName).toList());
        SecondaryBinlog.TableMutation m = table.getMutations(0);
        assertEquals(List.of(1L, 5L), m.getRow().getColumnsList().subList(0, 2).stream().map(SecondaryBinlog.Column::getInt64Value).toList());
        assertTrue(m.getRow().getColumns(2).getIsNull() && m.getChangeRow().getColumns(2).getIsNull());
        assertEquals(2L, m.getChangeRow().getColumns(1).getInt64Value());
        SecondaryBinlog.Binlog ddl = ((Translation.Emit) tr.translate(doneLater)).binlog();
        assertEquals("ALTER TABLE `t` DROP COLUMN `c`", ddl.getDdlData().getDdlQuery().toStringUtf8());
        assertEquals("t", ddl.getDdlData().getTableName());

        TiBinlogTranslator unmarked = translator(enc, cfg, ZoneOffset.UTC);
        translateAll(unmarked, b.subList(0, 2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> unmarked.translate(midJob));
        assertTrue(e.getMessage().contains("neither dropping a column nor newer than the row"), e.getMessage());
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
