package dev.drainer.runtime.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.sim.tidb.TidbBinlogEncoder;
import dev.drainer.testkit.workload.ColumnDef;
import dev.drainer.testkit.workload.ColumnType;
import dev.drainer.testkit.workload.Ddl;
import dev.drainer.testkit.workload.TableDef;
import dev.drainer.testkit.workload.Transaction;
import dev.drainer.testkit.workload.UniqueKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's job JSON against TiDB's for the same statement: the fields the drainer reads agree. */
class SimulatorMetaCrossCheckTest {
    @Test
    void createTableJobAgreesWithTheDevGuidesJob() throws Exception {
        TableDef t = new TableDef("test", "t", List.of(ColumnDef.unsignedOf("id", ColumnType.INT).notNull(),
                ColumnDef.sized("notes", ColumnType.VARCHAR, 255)), new UniqueKey(UniqueKey.PRIMARY, List.of("id")),
                List.of());
        TidbBinlogEncoder enc = new TidbBinlogEncoder("test", 1000);
        long jobId = enc.encode(Transaction.ddl(1000, Ddl.createTable(t))).get(0).getDdlJobId();
        Job sim = MetaJson.job(enc.history().job(jobId).orElseThrow());
        Job tidb = MetaJson.job(MetaJsonGoldenTest.golden("job-create-table.json"));
        assertEquals(tidb.type(), sim.type());
        assertEquals(tidb.state(), sim.state());
        assertEquals(tidb.query(), sim.query().replace("INT UNSIGNED", "int unsigned").replace("VARCHAR", "varchar")
                .replace(" NOT NULL,", " NOT NULL PRIMARY KEY,").replace("`", "").replaceAll("(?s)\\s+", " ")
                .replaceAll(" NULL, PRIMARY KEY \\(id\\) \\) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin", ")")
                .replace("( ", "("), "same statement");
        TableInfo s = sim.tableInfo();
        TableInfo g = tidb.tableInfo();
        assertEquals(g.pkIsHandle(), s.pkIsHandle());
        assertEquals(g.isCommonHandle(), s.isCommonHandle());
        assertEquals(g.columns().size(), s.columns().size());
        for (int i = 0; i < g.columns().size(); i++) {
            ColumnInfo gc = g.columns().get(i);
            ColumnInfo sc = s.columns().get(i);
            assertEquals(gc.name(), sc.name());
            assertEquals(gc.id(), sc.id());
            assertEquals(gc.type(), sc.type(), "FieldType of " + gc.name());
            assertEquals(gc.state(), sc.state());
        }
        assertEquals(g.handleColumn().name(), s.handleColumn().name());
        assertTrue(s.indices().isEmpty(), "an int handle has no PRIMARY index entry");
    }
}
