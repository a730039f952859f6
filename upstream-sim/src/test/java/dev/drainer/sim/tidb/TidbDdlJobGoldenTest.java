package dev.drainer.sim.tidb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drainer.proto.binlog.Binlog;
import dev.drainer.proto.binlog.PrewriteValue;
import dev.drainer.testkit.workload.ColumnDef;
import dev.drainer.testkit.workload.ColumnType;
import dev.drainer.testkit.workload.Ddl;
import dev.drainer.testkit.workload.RowChange;
import dev.drainer.testkit.workload.SecondaryIndex;
import dev.drainer.testkit.workload.TableDef;
import dev.drainer.testkit.workload.Transaction;
import dev.drainer.testkit.workload.UniqueKey;
import dev.drainer.testkit.workload.Workload;
import dev.drainer.testkit.workload.WorkloadSpec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator's DDL jobs and DDL binlogs for each kind against TiDB's own rules, read from TiDB's
 * source and the spec, not from the encoder: action type numbers (spec §3.2, parser {@code model.ActionType}),
 * the schema state a job finishes in ({@code ddl/table.go}, {@code ddl/column.go}, {@code ddl/index.go}
 * {@code FinishTableJob} calls), the two binlogs of DROP COLUMN ({@code ddl_worker.go} {@code writeBinlog}),
 * and column flags ({@code setColumnFlagWithConstraint} / {@code addIndexColumnFlag}).
 */
class TidbDdlJobGoldenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TS = WorkloadSpec.DEFAULT_FIRST_COMMIT_TS;

    private static final TableDef T = new TableDef("s", "t", List.of(ColumnDef.of("id", ColumnType.INT).notNull(),
            ColumnDef.of("a", ColumnType.INT), ColumnDef.sized("b", ColumnType.VARCHAR, 10), ColumnDef.of("c", ColumnType.INT)),
            new UniqueKey(UniqueKey.PRIMARY, List.of("id")), List.of());

    private record Step(Binlog binlog, JsonNode job) {
    }

    @Test
    void everyDdlKindFinishesAsTidbFinishesIt() throws Exception {
        Ddl create = Ddl.createTable(T);
        Ddl index = Ddl.addIndex(T, new SecondaryIndex("idx1", List.of("a", "b")));
        Ddl dropC = Ddl.dropColumn(index.tableAfter(), "c");
        Ddl rename = Ddl.renameTable(dropC.tableAfter(), "u");
        TableDef u = rename.tableAfter();
        Ddl drop = Ddl.dropTable(u);
        List<Object> row = Arrays.asList(BigInteger.ONE, BigInteger.TWO, "x");
        List<Transaction> txns = new ArrayList<>();
        for (Ddl d : List.of(create, index, dropC, rename)) {
            txns.add(Transaction.ddl(TS + (txns.size() << 18), d));
        }
        txns.add(Transaction.dml(TS + (txns.size() << 18), List.of(RowChange.insert(u, row))));
        txns.add(Transaction.ddl(TS + (txns.size() << 18), drop));
        TidbBinlogEncoder.Encoded enc = TidbBinlogEncoder.encodeAll(Workload.of(WorkloadSpec.defaults(1, "s"), txns));

        // One binlog per transaction, two for DROP COLUMN, in commit order.
        assertEquals(txns.size() + 1, enc.binlogs().size());
        for (int i = 1; i < enc.binlogs().size(); i++) {
            assertTrue(enc.binlogs().get(i).getCommitTs() > enc.binlogs().get(i - 1).getCommitTs(), "binlog " + i);
        }
        List<Step> steps = new ArrayList<>();
        for (Binlog b : enc.binlogs()) {
            steps.add(new Step(b, b.getDdlJobId() == 0 ? null
                    : JSON.readTree(enc.history().job(b.getDdlJobId()).orElseThrow())));
        }
        long tableId = steps.get(0).job().get("table_id").asLong();
        long version = steps.get(0).job().get("binlog").get("SchemaVersion").asLong();

        // ADD INDEX: type 7, done in public; a non-unique index; MultipleKeyFlag (8) on its first column only.
        JsonNode idx = job(steps.get(1), 7, 5, 5, tableId);
        JsonNode info = idx.get("binlog").get("TableInfo");
        JsonNode i1 = info.get("index_info").get(0);
        assertEquals("idx1", i1.get("idx_name").get("O").asText());
        assertFalse(i1.get("is_unique").asBoolean());
        assertFalse(i1.get("is_primary").asBoolean());
        assertEquals(List.of("a:1", "b:2"), indexColumns(i1));
        assertEquals(8, column(info, "a").get("type").get("Flag").asInt() & 8);
        assertEquals(0, column(info, "b").get("type").get("Flag").asInt() & 8);
        assertEquals(version + 1, idx.get("binlog").get("SchemaVersion").asLong());

        // DROP COLUMN: the delete-only binlog (ddl_schema_state 1) precedes the done one (state none, 0), same job.
        Step deleteOnly = steps.get(2);
        Step dropped = steps.get(3);
        assertEquals(deleteOnly.binlog().getDdlJobId(), dropped.binlog().getDdlJobId());
        assertEquals(1, deleteOnly.binlog().getDdlSchemaState());
        assertEquals("ALTER TABLE `t` DROP COLUMN `c`", deleteOnly.binlog().getDdlQuery().toStringUtf8());
        JsonNode dc = job(dropped, 6, 0, 5, tableId);
        info = dc.get("binlog").get("TableInfo");
        assertEquals(List.of("id:1:0", "a:2:1", "b:3:2"), columns(info));
        assertEquals(4, info.get("max_col_id").asInt(), "a dropped column id is never reused");
        assertEquals(List.of("a:1", "b:2"), indexColumns(info.get("index_info").get(0)));

        // RENAME TABLE: type 14, same table id, the new name in TableInfo.
        JsonNode rn = job(steps.get(4), 14, 5, 5, tableId);
        assertEquals("u", rn.get("binlog").get("TableInfo").get("name").get("O").asText());
        assertEquals(tableId, rn.get("binlog").get("TableInfo").get("id").asLong());

        // DML on the renamed table: same table id, the row holds the columns left (ids 2, 3; the handle is the key).
        PrewriteValue pv = PrewriteValue.parseFrom(steps.get(5).binlog().getPrewriteValue());
        assertEquals(tableId, pv.getMutations(0).getTableId());
        assertEquals(rn.get("binlog").get("SchemaVersion").asLong(), pv.getSchemaVersion());
        assertEquals("0802" + "0804" + "0804" + "0806" + "020278",
                java.util.HexFormat.of().formatHex(pv.getMutations(0).getInsertedRows(0).toByteArray()));

        // DROP TABLE: type 4, done in state none; the table info is kept, in state none (onDropTableOrView).
        JsonNode dt = job(steps.get(6), 4, 0, 0, tableId);
        assertEquals("u", dt.get("binlog").get("TableInfo").get("name").get("O").asText());
        assertEquals(version + 4, dt.get("binlog").get("SchemaVersion").asLong());
    }

    /** Checks the job's type, schema state, table state, table id, state synced (6) and the binlog's schema state. */
    private static JsonNode job(Step s, int type, int schemaState, int tableState, long tableId) {
        JsonNode j = s.job();
        assertEquals(type, j.get("type").asInt(), j.toString());
        assertEquals(6, j.get("state").asInt(), "synced");
        assertEquals(schemaState, j.get("schema_state").asInt(), j.toString());
        assertEquals(schemaState, s.binlog().getDdlSchemaState(), "SetDDLBinlog writes the job's schema state");
        assertEquals(tableState, j.get("binlog").get("TableInfo").get("state").asInt());
        assertEquals(tableId, j.get("table_id").asLong());
        assertEquals(j.get("query").asText(), s.binlog().getDdlQuery().toStringUtf8());
        return j;
    }

    private static JsonNode column(JsonNode tableInfo, String name) {
        for (JsonNode c : tableInfo.get("cols")) {
            if (c.get("name").get("O").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no column " + name + " in " + tableInfo);
    }

    private static List<String> columns(JsonNode tableInfo) {
        List<String> out = new ArrayList<>();
        tableInfo.get("cols").forEach(c -> out.add(c.get("name").get("O").asText() + ":" + c.get("id").asInt() + ":"
                + c.get("offset").asInt()));
        return out;
    }

    private static List<String> indexColumns(JsonNode index) {
        List<String> out = new ArrayList<>();
        index.get("idx_cols").forEach(c -> out.add(c.get("name").get("O").asText() + ":" + c.get("offset").asInt()));
        return out;
    }
}
