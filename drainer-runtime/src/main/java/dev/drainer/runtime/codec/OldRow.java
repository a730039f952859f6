package dev.drainer.runtime.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * TiDB's old row format ({@code tablecodec.EncodeOldRow}): {@code colID, value} datum pairs, an empty
 * row being the single NULL datum. Binlogs never carry the v2 row format (spec §2.5).
 */
public final class OldRow {
    private static final int ROW_FORMAT_V2 = 0x80;

    private OldRow() {
    }

    /** One {@code colID → value} pair of a row, in the order written. */
    public record Cell(long columnId, Datum value) {
    }

    /** The pairs of the row at {@code buf[offset..]} to the end of the buffer. */
    public static List<Cell> decode(byte[] buf, int offset) {
        List<Cell> cells = new ArrayList<>();
        if (offset < buf.length && (buf[offset] & 0xFF) == ROW_FORMAT_V2) {
            throw new CodecException("row at offset " + offset + " is in row format v2 (first byte 0x80); binlogs carry"
                    + " the old format only");
        }
        if (buf.length - offset == 1 && buf[offset] == 0) {
            return cells;
        }
        DatumReader r = new DatumReader(buf, offset);
        while (r.hasMore()) {
            int at = r.position();
            Datum id = r.next();
            if (id.kind() != Datum.Kind.INT) {
                throw new CodecException("row column id at offset " + at + " is a " + id.kind() + " datum, not an int");
            }
            if (!r.hasMore()) {
                throw new CodecException("row ends after column id " + id.longValue() + " without its value");
            }
            cells.add(new Cell(id.longValue(), r.next()));
        }
        return cells;
    }
}
