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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Decodes the rows of one table mutation (old row format with handle prefixes, spec §2.5) into
 * secondary binlog rows over the table's public columns, filling columns a row lacks with their
 * default (the Go relay path emits NULL there, §13.6).
 */
final class RowDecoder {
    private final TableInfo table;
    private final List<ColumnInfo> columns;
    private final ZoneId zone;
    private final Supplier<String> where;

    /**
     * @param columns the columns rows are written for, in order
     * @param where   names the binlog in errors (commit ts, table); built only when there is one
     */
    RowDecoder(TableInfo table, List<ColumnInfo> columns, ZoneId zone, Supplier<String> where) {
        this.table = table;
        this.columns = columns;
        this.zone = zone;
        this.where = where;
    }

    /** An inserted row: handle datum(s), then the record. */
    Row insert(byte[] raw) {
        DatumReader r = new DatumReader(raw);
        List<Datum> handle = new ArrayList<>();
        IndexInfo pk = table.isCommonHandle() ? table.primaryIndex() : null;
        if (table.isCommonHandle() && pk == null) {
            throw new IllegalArgumentException(where.get() + ": table is a common-handle table without a primary index");
        }
        int handleLen = pk != null ? pk.columns().size() : 1;
        for (int i = 0; i < handleLen; i++) {
            handle.add(r.next());
        }
        Map<Long, Datum> values = cells(OldRow.decode(raw, r.position()));
        if (pk != null) {
            // Key-form values (collation sort keys for new-collation strings) are used only when the row lacks the column.
            for (int i = 0; i < handleLen; i++) {
                IndexInfo.IndexColumn ic = pk.columns().get(i);
                ColumnInfo c = table.columns().get(ic.offset());
                if (!values.containsKey(c.id()) && ic.length() < 0) {
                    values.put(c.id(), handle.get(i));
                }
            }
        } else {
            ColumnInfo h = table.handleColumn();
            if (h != null) {
                values.put(h.id(), handle.get(0));
            }
        }
        return row(values);
    }

    /** An updated row: the old image's pairs, then the new image's with the same ids. Returns {old, new}. */
    Row[] update(byte[] raw, boolean mayLackColumns) {
        Map<Long, Datum> oldValues = new HashMap<>();
        Map<Long, Datum> newValues = new HashMap<>();
        for (OldRow.Cell cell : OldRow.decode(raw, 0)) {
            ColumnInfo c = table.column(cell.columnId());
            if (c == null || !writable(c)) {
                continue; // _tidb_rowid (-1) and columns the drainer does not write
            }
            if (!oldValues.containsKey(c.id())) {
                oldValues.put(c.id(), cell.value());
            } else if (!newValues.containsKey(c.id())) {
                newValues.put(c.id(), cell.value());
            }
        }
        if (oldValues.size() != newValues.size()) {
            throw new IllegalArgumentException(where.get() + ": updated row has " + oldValues.size() + " old and "
                    + newValues.size() + " new values");
        }
        long writable = columns.stream().filter(RowDecoder::writable).count();
        if (newValues.size() < writable && !mayLackColumns) {
            throw new IllegalArgumentException(where.get() + ": updated row has " + newValues.size() + " of the table's "
                    + writable + " writable columns, and the table is neither dropping a column nor newer than the row");
        }
        return new Row[] {row(oldValues), row(newValues)};
    }

    /** A deleted row: the record of every public column (plus {@code _tidb_rowid}, ignored). */
    Row delete(byte[] raw) {
        return row(cells(OldRow.decode(raw, 0)));
    }

    private static Map<Long, Datum> cells(List<OldRow.Cell> cells) {
        Map<Long, Datum> m = new HashMap<>();
        for (OldRow.Cell c : cells) {
            m.put(c.columnId(), c.value());
        }
        return m;
    }

    private static boolean writable(ColumnInfo c) {
        return c.isPublic() && !c.isGenerated();
    }

    private Row row(Map<Long, Datum> values) {
        Row.Builder row = Row.newBuilder();
        for (ColumnInfo c : columns) {
            Datum d = values.get(c.id());
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
