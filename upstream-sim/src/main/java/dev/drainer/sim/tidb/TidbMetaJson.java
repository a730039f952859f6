package dev.drainer.sim.tidb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drainer.testkit.workload.ColumnDef;
import dev.drainer.testkit.workload.TidbTypes;
import dev.drainer.testkit.workload.ColumnType;
import dev.drainer.testkit.workload.SecondaryIndex;
import dev.drainer.testkit.workload.UniqueKey;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * TiDB's meta JSON for the simulator: {@code DBInfo}, {@code TableInfo} and history {@code model.Job}
 * documents with TiDB's key names and layout (spec §3.2; HistoryInfo keys are Go field names).
 */
final class TidbMetaJson {
    static final int STATE_NONE = 0;
    static final int STATE_PUBLIC = 5;
    /** {@code mysql.MultipleKeyFlag}: first column of a non-unique or multi-column unique index. */
    static final int FLAG_MULTIPLE_KEY = 8;
    static final int JOB_SYNCED = 6;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private TidbMetaJson() {
    }

    static ObjectNode ciStr(String name) {
        return F.objectNode().put("O", name).put("L", name.toLowerCase(Locale.ROOT));
    }

    static ObjectNode db(long id, String name) {
        ObjectNode n = F.objectNode().put("id", id);
        n.set("db_name", ciStr(name));
        return n.put("charset", "utf8mb4").put("collate", "utf8mb4_bin").put("state", STATE_PUBLIC);
    }

    static ObjectNode table(TidbTable t) {
        return table(t, STATE_PUBLIC);
    }

    /** The table info with table state {@code state} (DROP TABLE finishes with the table in state none). */
    static ObjectNode table(TidbTable t, int state) {
        ObjectNode n = F.objectNode().put("id", t.id);
        n.set("name", ciStr(t.def.name()));
        n.put("charset", "utf8mb4").put("collate", "utf8mb4_bin");
        ArrayNode cols = n.putArray("cols");
        for (int i = 0; i < t.def.columns().size(); i++) {
            cols.add(column(t, t.def.columns().get(i), t.columnIds.get(i), i));
        }
        ArrayNode idx = n.putArray("index_info");
        long indexId = 1;
        for (UniqueKey k : t.def.allUniqueKeys()) {
            if (k.isPrimary() && t.handle == TidbTable.Handle.INT_PK) {
                continue; // the int handle is the key; TiDB keeps no index for it
            }
            idx.add(index(t, k.name(), k.columns(), true, k.isPrimary(), indexId++));
        }
        for (SecondaryIndex k : t.def.indexes()) {
            idx.add(index(t, k.name(), k.columns(), false, false, indexId++));
        }
        n.putNull("constraint_info").putNull("fk_info").put("state", state)
                .put("pk_is_handle", t.handle == TidbTable.Handle.INT_PK)
                .put("is_common_handle", t.handle == TidbTable.Handle.COMMON)
                .put("common_handle_version", t.handle == TidbTable.Handle.COMMON ? 1 : 0)
                .put("comment", "").put("auto_inc_id", 0).put("max_col_id", t.maxColumnId)
                .put("max_idx_id", indexId - 1).putNull("partition").put("version", 4);
        return n;
    }

    private static ObjectNode column(TidbTable t, ColumnDef c, long id, int offset) {
        ObjectNode n = F.objectNode().put("id", id);
        n.set("name", ciStr(c.name()));
        n.put("offset", offset);
        String def = TidbColumn.defaultText(c);
        boolean bit = c.type() == ColumnType.BIT && def != null;
        String bitB64 = bit ? Base64.getEncoder().encodeToString(TidbColumn.bitBytes(c)) : null;
        boolean origin = t.hasOriginDefault(c);
        n.put("origin_default", origin ? def : null).put("origin_default_bit", origin ? bitB64 : null)
                .put("default", def).put("default_bit", bitB64).put("default_is_expr", false)
                .put("generated_expr_string", "").put("generated_stored", false).putNull("dependences");
        int flags = TidbColumn.baseFlags(c);
        if (t.isPrimaryKeyColumn(c)) {
            flags |= TidbColumn.FLAG_PRI_KEY | TidbColumn.FLAG_NOT_NULL;
        }
        // TiDB's setColumnFlagWithConstraint / addIndexColumnFlag: only an index's first column is flagged.
        for (UniqueKey k : t.def.uniqueKeys()) {
            if (k.columns().get(0).equals(c.name())) {
                flags |= k.columns().size() == 1 ? TidbColumn.FLAG_UNIQUE_KEY : FLAG_MULTIPLE_KEY;
            }
        }
        for (SecondaryIndex k : t.def.indexes()) {
            if (k.columns().get(0).equals(c.name())) {
                flags |= FLAG_MULTIPLE_KEY;
            }
        }
        ObjectNode type = n.putObject("type");
        boolean bin = TidbColumn.binaryCharset(c.type());
        type.put("Tp", TidbColumn.typeCode(c.type())).put("Flag", flags).put("Flen", TidbTypes.flen(c))
                .put("Decimal", TidbTypes.decimal(c)).put("Charset", bin ? "binary" : "utf8mb4")
                .put("Collate", bin ? "binary" : "utf8mb4_bin");
        if (c.elements().isEmpty()) {
            type.putNull("Elems");
        } else {
            ArrayNode e = type.putArray("Elems");
            c.elements().forEach(e::add);
        }
        return n.put("state", STATE_PUBLIC).put("comment", "").put("hidden", false).putNull("change_state_info")
                .put("version", 2);
    }

    private static ObjectNode index(TidbTable t, String name, List<String> columns, boolean unique, boolean primary,
                                    long id) {
        ObjectNode n = F.objectNode().put("id", id);
        n.set("idx_name", ciStr(name));
        n.set("tbl_name", ciStr(""));
        ArrayNode cols = n.putArray("idx_cols");
        for (String c : columns) {
            ObjectNode ic = F.objectNode();
            ic.set("name", ciStr(c));
            cols.add(ic.put("offset", t.def.columnIndex(c)).put("length", -1));
        }
        return n.put("state", STATE_PUBLIC).put("comment", "").put("index_type", 1).put("is_unique", unique)
                .put("is_primary", primary).put("is_invisible", false).put("is_global", false);
    }

    /** A finished (synced) history job whose last schema state is {@code schemaState}. */
    static byte[] job(long id, int type, long schemaId, long tableId, String schemaName, String query, int schemaState,
                      long schemaVersion, ObjectNode dbInfo, ObjectNode tableInfo, long startTs, long finishedTs) {
        ObjectNode n = F.objectNode().put("id", id).put("type", type).put("schema_id", schemaId).put("table_id", tableId)
                .put("schema_name", schemaName).put("state", JOB_SYNCED).putNull("err").put("err_count", 0)
                .put("row_count", 0).putNull("raw_args").put("schema_state", schemaState).put("snapshot_ver", 0)
                .put("real_start_ts", startTs).put("start_ts", startTs).put("dependency_id", 0).put("query", query);
        ObjectNode b = n.putObject("binlog");
        b.put("SchemaVersion", schemaVersion);
        b.set("DBInfo", dbInfo);
        b.set("TableInfo", tableInfo);
        b.put("FinishedTS", finishedTs);
        n.put("version", 1).putNull("reorg_meta").putNull("multi_schema_info").put("priority", 0);
        try {
            return MAPPER.writeValueAsBytes(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + id + " cannot be written as JSON", e);
        }
    }
}
