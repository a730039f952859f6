package dev.drainer.runtime.loader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The conflict keys of a row change (spec 8.3): one per downstream unique key, from the new image
 * and, for updates, from the old one; a whole-row CRC when an image yields no key at all.
 */
final class CausalityKeys {
    private CausalityKeys() {
    }

    static List<String> of(Dml dml, TableInfo info) {
        List<String> keys = new ArrayList<>();
        addImage(keys, dml, dml.values(), info);
        if (dml.type() == DmlType.UPDATE) {
            addImage(keys, dml, dml.oldValues(), info);
        }
        return keys;
    }

    private static void addImage(List<String> keys, Dml dml, Map<String, Object> image, TableInfo info) {
        int before = keys.size();
        for (List<String> key : info.uniqueKeys()) {
            StringBuilder sb = new StringBuilder();
            for (String col : key) {
                Object v = image.get(col);
                if (v != null) {
                    sb.append('(').append(col).append(": ").append(format(v)).append(')');
                }
            }
            if (sb.length() > 0) {
                keys.add(sb.append(dml.quotedTable()).toString());
            }
        }
        if (keys.size() == before) {
            StringBuilder all = new StringBuilder();
            image.forEach((c, v) -> all.append('(').append(c).append(": ").append(format(v)).append(')'));
            CRC32 crc = new CRC32();
            crc.update(all.append(dml.quotedTable()).toString().getBytes(StandardCharsets.UTF_8));
            keys.add(Long.toString(crc.getValue()));
        }
    }

    static String format(Object v) {
        return v instanceof byte[] b ? "0x" + HexFormat.of().formatHex(b) : String.valueOf(v);
    }
}
