package dev.drainer.runtime.loader;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The conflict keys of a row change (spec 8.3): one per downstream unique key, from the new image
 * and, for updates, from the old one; the whole row when an image yields no key at all.
 */
final class CausalityKeys {
    private CausalityKeys() {
    }

    static List<CausalityKey> of(Dml dml, TableInfo info) {
        List<CausalityKey> keys = new ArrayList<>(2 * info.uniqueKeys().size() + 1);
        addImage(keys, dml.quotedTable(), dml.values(), info);
        if (dml.type() == DmlType.UPDATE) {
            addImage(keys, dml.quotedTable(), dml.oldValues(), info);
        }
        return keys;
    }

    /** A key's NULL columns are left out; a key with no other column gives none. */
    private static void addImage(List<CausalityKey> keys, String quotedTable, RowImage image, TableInfo info) {
        int before = keys.size();
        for (List<String> key : info.uniqueKeys()) {
            Object[] values = new Object[key.size()];
            int present = 0;
            for (String col : key) {
                Object v = image.get(col);
                if (v != null) {
                    values[present++] = v;
                }
            }
            if (present == key.size()) {
                keys.add(CausalityKey.unique(quotedTable, key, values));
            } else if (present > 0) {
                List<String> columns = new ArrayList<>(present);
                for (String col : key) {
                    if (image.get(col) != null) {
                        columns.add(col);
                    }
                }
                keys.add(CausalityKey.unique(quotedTable, columns, Arrays.copyOf(values, present)));
            }
        }
        if (keys.size() == before) {
            keys.add(CausalityKey.wholeRow(quotedTable, image));
        }
    }

    static String format(Object v) {
        return v instanceof byte[] b ? "0x" + HexFormat.of().formatHex(b) : String.valueOf(v);
    }
}
