package dev.drainer.runtime.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.runtime.codec.FieldType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TiDB's own TableInfo and Job JSON (see src/test/resources/golden/README.md for the sources). */
class MetaJsonGoldenTest {
    static byte[] golden(String name) throws IOException {
        try (InputStream in = MetaJsonGoldenTest.class.getResourceAsStream("/golden/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void clusteredTableInfo() throws IOException {
        TableInfo t = MetaJson.table(golden("tableinfo-clustered.json"));
        assertEquals(75, t.id());
        assertEquals("test", t.name());
        assertTrue(t.isCommonHandle());
        assertFalse(t.pkIsHandle());
        assertEquals(List.of("A", "B", "C", "D"), t.columns().stream().map(ColumnInfo::name).toList());
        ColumnInfo a = column(t, 1);
        assertEquals(FieldType.TYPE_LONG, a.type().tp());
        assertTrue(a.type().primaryKey() && a.type().notNull());
        assertEquals("int", a.type().typeName());
        assertEquals("varchar", column(t, 2).type().typeName());
        assertEquals(20, column(t, 2).type().flen());
        assertNull(a.originDefault());
        assertTrue(a.isPublic() && !a.isGenerated());
        IndexInfo pk = t.primaryIndex();
        assertEquals("PRIMARY", pk.name());
        assertEquals(List.of(new IndexInfo.IndexColumn("A", 0, -1), new IndexInfo.IndexColumn("C", 2, -1)), pk.columns());
        assertNull(t.handleColumn());
    }

    @Test
    void finishedCreateTableJob() throws IOException {
        Job j = MetaJson.job(golden("job-create-table.json"));
        assertEquals(56, j.id());
        assertEquals(ActionType.CREATE_TABLE, j.type());
        assertEquals(1, j.schemaId());
        assertEquals(55, j.tableId());
        assertEquals(JobState.SYNCED, j.state());
        assertTrue(j.isDoneOrSynced());
        assertEquals(47, j.schemaVersion());
        assertEquals(428310284267159560L, j.finishedTs());
        assertEquals("CREATE TABLE t (id int unsigned NOT NULL PRIMARY KEY, notes varchar(255))", j.query());
        TableInfo t = j.tableInfo();
        assertTrue(t.pkIsHandle());
        ColumnInfo id = t.handleColumn();
        assertEquals("id", id.name());
        // 4131 = NoDefaultValue | Unsigned | PriKey | NotNull
        assertTrue(id.type().unsigned() && id.type().primaryKey() && id.type().notNull());
        assertEquals(10, id.type().flen());
        assertNull(j.dbInfo());
        assertTrue(t.indices().isEmpty(), "index_info null");
    }

    @Test
    void brokenDocumentsAreNamed() {
        SchemaException e = assertThrows(SchemaException.class, () -> MetaJson.job("{\"id\":".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().startsWith("DDL job is not JSON"), e.getMessage());
        e = assertThrows(SchemaException.class, () -> MetaJson.table("[1]".getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("table info is not a JSON object: [1]"), e.getMessage());
    }

    private static ColumnInfo column(TableInfo t, long id) {
        return t.columns().stream().filter(c -> c.id() == id).findFirst().orElseThrow();
    }
}
