package dev.drainer.runtime.translate;

import dev.drainer.proto.secondary.SecondaryBinlog.Column;
import dev.drainer.proto.secondary.SecondaryBinlog.Row;
import dev.drainer.runtime.codec.ColumnValues;
import dev.drainer.runtime.codec.Datum;
import dev.drainer.runtime.codec.DatumReader;
import dev.drainer.runtime.codec.OldRow;
import dev.drainer.runtime.schema.ColumnInfo;
import dev.drainer.runtime.schema.IndexInfo;
import dev.drainer.runtime.schema.TableInfo;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;

/**
 * Decodes the rows of one table version (old row format with handle prefixes, spec §2.5) into
 * secondary binlog rows over the table's public columns, filling columns a row lacks with their
 * default (the Go relay path emits NULL there, §13.6). Built once per table version; a row's values
 * are gathered by column position, not in a map: every row of the upstream passes here.
 */
final class RowDecoder {
    private final TableInfo table;
    private final List<ColumnInfo> columns;
    private final long[] ids;
    /** The primary index of a common-handle table, else null. */
    private final IndexInfo commonHandle;
    /**
     * Per column of {@link #commonHandle}: the column's position in {@link #columns} when the handle's datum can stand
     * for it, else -1 (not written, or a prefix). Key-form values (collation sort keys for new-collation strings) are
     * used only when the row lacks the column.
     */
    private final int[] commonHandlePositions;
    /** The position of an int-handle table's handle column in {@link #columns}, else -1. */
    private final int intHandle;
    private final int writable;
    private final ZoneId zone;

    /** @param columns the columns rows are written for, in order */
    RowDecoder(TableInfo table, List<ColumnInfo> columns, ZoneId zone) {
        this.table = table;
        this.columns = columns;
        this.ids = columns.stream().mapToLong(ColumnInfo::id).toArray();
        this.commonHandle = table.isCommonHandle() ? table.primaryIndex() : null;
        this.commonHandlePositions = commonHandle == null ? new int[0] : commonHandle.columns().stream()
                .mapToInt(ic -> ic.length() < 0 ? position(table.columns().get(ic.offset()).id()) : -1).toArray();
        ColumnInfo handle = table.handleColumn();
        this.intHandle = handle != null ? position(handle.id()) : -1;
        this.writable = (int) columns.stream().filter(RowDecoder::writable).count();
        this.zone = zone;
    }

    /**
     * An inserted row: handle datum(s), then the record. {@code where} names the binlog in errors (commit ts,
     * table), as in {@link #update}; it is built only when there is one.
     */
    Row insert(byte[] raw, Supplier<String> where) {
        if (table.isCommonHandle() && commonHandle == null) {
            throw new IllegalArgumentException(where.get() + ": table is a common-handle table without a primary index");
        }
        DatumReader r = new DatumReader(raw);
        int handleLen = commonHandle != null ? commonHandle.columns().size() : 1;
        Datum[] handle = new Datum[handleLen];
        for (int i = 0; i < handleLen; i++) {
            handle[i] = r.next();
        }
        Datum[] values = record(raw, r.position());
        if (commonHandle != null) {
            for (int i = 0; i < handleLen; i++) {
                int p = commonHandlePositions[i];
                if (p >= 0 && values[p] == null) {
                    values[p] = handle[i];
                }
            }
        } else if (intHandle >= 0) {
            values[intHandle] = handle[0];
        }
        return row(values);
    }

    /** An updated row: the old image's pairs, then the new image's with the same ids. Returns {old, new}. */
    Row[] update(byte[] raw, boolean mayLackColumns, Supplier<String> where) {
        Datum[] oldValues = new Datum[columns.size()];
        Datum[] newValues = new Datum[columns.size()];
        OldRow.decode(raw, 0, (id, d) -> {
            int p = position(id);
            if (p < 0 || !writable(columns.get(p))) {
                return; // _tidb_rowid (-1) and columns the drainer does not write
            }
            if (oldValues[p] == null) {
                oldValues[p] = d;
            } else if (newValues[p] == null) {
                newValues[p] = d;
            }
        });
        int olds = present(oldValues);
        int news = present(newValues);
        if (olds != news) {
            throw new IllegalArgumentException(where.get() + ": updated row has " + olds + " old and " + news
                    + " new values");
        }
        if (news < writable && !mayLackColumns) {
            throw new IllegalArgumentException(where.get() + ": updated row has " + news + " of the table's "
                    + writable + " writable columns, and the table is neither dropping a column nor newer than the row");
        }
        return new Row[] {row(oldValues), row(newValues)};
    }

    /** A deleted row: the record of every public column (plus {@code _tidb_rowid}, ignored). */
    Row delete(byte[] raw) {
        return row(record(raw, 0));
    }

    /** The values of the record at {@code raw[offset..]} by position among the written columns; null where it has none. */
    private Datum[] record(byte[] raw, int offset) {
        Datum[] values = new Datum[columns.size()];
        OldRow.decode(raw, offset, (id, d) -> {
            int p = position(id);
            if (p >= 0) {
                values[p] = d;
            }
        });
        return values;
    }

    /** The position of column {@code id} among the written columns, or -1. */
    private int position(long id) {
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] == id) {
                return i;
            }
        }
        return -1;
    }

    private static int present(Datum[] values) {
        int n = 0;
        for (Datum d : values) {
            if (d != null) {
                n++;
            }
        }
        return n;
    }

    private static boolean writable(ColumnInfo c) {
        return c.isPublic() && !c.isGenerated();
    }

    private Row row(Datum[] values) {
        Row.Builder row = Row.newBuilder();
        for (int i = 0; i < values.length; i++) {
            ColumnInfo c = columns.get(i);
            Datum d = values[i];
            row.addColumns(d != null ? ColumnValues.fromDatum(c.name(), c.type(), d, zone) : defaultOrZero(c));
        }
        return row.build();
    }

    /** TiDB's {@code getDefaultOrZeroValue}: the origin default, else NULL if nullable, else the zero value. */
    private Column defaultOrZero(ColumnInfo c) {
        if (c.originDefault() != null || c.originDefaultBit() != null) {
            return ColumnValues.fromDefault(c.name(), c.type(), c.originDefault(), c.originDefaultBit(), zone);
        }
        if (!c.type().notNull()) {
            return Column.newBuilder().setIsNull(true).build();
        }
        return ColumnValues.zero(c.type());
    }
}
