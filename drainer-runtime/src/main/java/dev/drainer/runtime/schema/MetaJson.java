package dev.drainer.runtime.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drainer.runtime.codec.FieldType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads TiDB's meta JSON ({@code model.Job}, {@code TableInfo}, {@code DBInfo}) into the drainer's
 * records. Unknown keys are ignored: every TiDB version adds some.
 */
public final class MetaJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private MetaJson() {
    }

    /** A history job; throws {@link SchemaException} naming the job bytes' problem. */
    public static Job job(byte[] json) {
        JsonNode n = tree(json, "DDL job");
        JsonNode b = n.path("binlog");
        List<TableInfo> multiple = new ArrayList<>();
        for (JsonNode t : b.path("MultipleTableInfos")) {
            multiple.add(table(t));
        }
        return new Job(n.path("id").asLong(), n.path("type").asInt(), n.path("schema_id").asLong(),
                n.path("table_id").asLong(), n.path("state").asInt(), n.path("query").asText(""),
                n.path("schema_state").asInt(), b.path("SchemaVersion").asLong(),
                present(b.path("DBInfo")) ? db(b.path("DBInfo")) : null,
                present(b.path("TableInfo")) ? table(b.path("TableInfo")) : null,
                b.path("FinishedTS").asLong(), multiple);
    }

    /** A table info document. */
    public static TableInfo table(byte[] json) {
        return table(tree(json, "table info"));
    }

    /** A database info document. */
    public static DbInfo db(byte[] json) {
        return db(tree(json, "database info"));
    }

    private static JsonNode tree(byte[] json, String what) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || !n.isObject()) {
                throw new SchemaException(what + " is not a JSON object: " + preview(json));
            }
            return n;
        } catch (IOException e) {
            throw new SchemaException(what + " is not JSON (" + e.getMessage() + "): " + preview(json), e);
        }
    }

    private static String preview(byte[] json) {
        String s = new String(json, java.nio.charset.StandardCharsets.UTF_8);
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    private static boolean present(JsonNode n) {
        return !n.isMissingNode() && !n.isNull();
    }

    private static DbInfo db(JsonNode n) {
        return new DbInfo(n.path("id").asLong(), n.path("db_name").path("O").asText());
    }

    private static TableInfo table(JsonNode n) {
        List<ColumnInfo> cols = new ArrayList<>();
        for (JsonNode c : n.path("cols")) {
            cols.add(column(c));
        }
        List<IndexInfo> indices = new ArrayList<>();
        for (JsonNode i : n.path("index_info")) {
            List<IndexInfo.IndexColumn> ic = new ArrayList<>();
            for (JsonNode c : i.path("idx_cols")) {
                ic.add(new IndexInfo.IndexColumn(c.path("name").path("O").asText(), c.path("offset").asInt(),
                        c.path("length").asInt(-1)));
            }
            indices.add(new IndexInfo(i.path("idx_name").path("O").asText(), ic, i.path("is_unique").asBoolean(),
                    i.path("is_primary").asBoolean()));
        }
        return new TableInfo(n.path("id").asLong(), n.path("name").path("O").asText(), cols, indices,
                n.path("pk_is_handle").asBoolean(), n.path("is_common_handle").asBoolean());
    }

    private static ColumnInfo column(JsonNode c) {
        JsonNode t = c.path("type");
        List<String> elems = new ArrayList<>();
        for (JsonNode e : t.path("Elems")) {
            elems.add(e.asText());
        }
        FieldType ft = new FieldType(t.path("Tp").asInt(), t.path("Flag").asInt(), t.path("Flen").asInt(),
                t.path("Decimal").asInt(), t.path("Charset").asText(""), t.path("Collate").asText(""), elems);
        JsonNode def = c.path("origin_default");
        JsonNode bit = c.path("origin_default_bit");
        return new ColumnInfo(c.path("id").asLong(), c.path("name").path("O").asText(), c.path("offset").asInt(),
                present(def) ? def.asText() : null,
                present(bit) && !bit.asText().isEmpty() ? Base64.getDecoder().decode(bit.asText()) : null,
                c.path("generated_expr_string").asText(""), c.path("generated_stored").asBoolean(), ft,
                c.path("state").asInt());
    }
}
