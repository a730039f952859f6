package dev.drainer.runtime.codec;

/**
 * TiDB's old row format ({@code tablecodec.EncodeOldRow}): {@code colID, value} datum pairs, an empty
 * row being the single NULL datum. Binlogs never carry the v2 row format (spec §2.5).
 */
public final class OldRow {
    private static final int ROW_FORMAT_V2 = 0x80;

    private OldRow() {
    }

    /** Takes the {@code colID → value} pairs of a row, in the order written. */
    @FunctionalInterface
    public interface CellConsumer {
        void accept(long columnId, Datum value);
    }

    /**
     * Hands the pairs of the row at {@code buf[offset..]} to the end of the buffer to {@code cells}, without
     * collecting them: the drainer decodes every row of the upstream this way.
     */
    public static void decode(byte[] buf, int offset, CellConsumer cells) {
        if (offset < buf.length && (buf[offset] & 0xFF) == ROW_FORMAT_V2) {
            throw new CodecException("row at offset " + offset + " is in row format v2 (first byte 0x80); binlogs carry"
                    + " the old format only");
        }
        if (buf.length - offset == 1 && buf[offset] == 0) {
            return;
        }
        DatumReader r = new DatumReader(buf, offset);
        while (r.hasMore()) {
            long id = r.nextInt("row column id");
            if (!r.hasMore()) {
                throw new CodecException("row ends after column id " + id + " without its value");
            }
            cells.accept(id, r.next());
        }
    }
}
