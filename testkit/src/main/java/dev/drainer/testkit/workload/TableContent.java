package dev.drainer.testkit.workload;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The full contents of one table: its definition and its rows keyed by identity key
 * ({@link TableDef#identityKey()}), each row in the definition's column order.
 *
 * @param def the table definition the rows follow
 * @param rows identity key values → full row
 */
public record TableContent(TableDef def, Map<List<Object>, List<Object>> rows) {

    public TableContent {
        rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    }

    public String name() {
        return def.name();
    }

    /** This table's share of {@link DatabaseState#contentHash()}. */
    public long contentHash() {
        long h = ContentHash.table(def.name(), def.columns());
        for (List<Object> row : rows.values()) {
            h += ContentHash.row(def.name(), def.columns(), row);
        }
        return h;
    }
}
