package dev.drainer.runtime.translate;

import dev.drainer.proto.secondary.SecondaryBinlog;
import dev.drainer.proto.secondary.SecondaryBinlog.Column;
import dev.drainer.proto.secondary.SecondaryBinlog.ColumnInfo;
import dev.drainer.runtime.loader.Ddl;
import dev.drainer.runtime.loader.Dml;
import dev.drainer.runtime.loader.DmlType;
import dev.drainer.runtime.loader.RowImage;
import dev.drainer.runtime.loader.Txn;
import dev.drainer.runtime.loader.Utf8Text;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a secondary binlog (a relay-log record) into a loader transaction, as the Go drainer's
 * relay replay does (spec 4.3), with one fix: TIMESTAMP strings are brought to UTC, the zone every
 * loader session runs in. Records we write say {@code time_zone = "+00:00"}; records of the Go
 * drainer carry none and were written in its host's zone, given here as {@code legacyZone}.
 */
public final class SecondaryBinlogTranslator {
    private static final DateTimeFormatter PARSE = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();

    private final ZoneId legacyZone;
    /**
     * The target and image layout last built per database and table: a table's rows keep one column list until a
     * DDL, so a binlog's table message usually needs no new sort of its column names, and its rows share one quoted name.
     */
    private final Map<String, Map<String, Known>> known = new ConcurrentHashMap<>();

    private record Known(Dml.Target target, RowImage.Layout layout) {
    }

    public SecondaryBinlogTranslator(ZoneId legacyZone) {
        this.legacyZone = legacyZone;
    }

    /** The transaction of {@code binlog}; {@code tag} is handed back by the loader on success. */
    public Txn toTxn(SecondaryBinlog.Binlog binlog, Object tag) {
        long ts = binlog.getCommitTs();
        if (binlog.getType() == SecondaryBinlog.BinlogType.DDL) {
            SecondaryBinlog.DDLData d = binlog.getDdlData();
            return Txn.ofDdl(ts, new Ddl(d.getSchemaName(), d.getTableName(),
                    d.getDdlQuery().toString(StandardCharsets.UTF_8)), tag);
        }
        ZoneId zone = binlog.hasTimeZone() ? zone(binlog.getTimeZone(), ts) : legacyZone;
        List<Dml> dmls = new ArrayList<>();
        for (SecondaryBinlog.Table t : binlog.getDmlData().getTablesList()) {
            Known k = known(t);
            Images images = new Images(t, k.layout());
            for (SecondaryBinlog.TableMutation m : t.getMutationsList()) {
                RowImage values = images.of(m.getRow(), zone, ts);
                switch (m.getType()) {
                    case Insert -> dmls.add(new Dml(k.target(), DmlType.INSERT, values, RowImage.empty()));
                    case Delete -> dmls.add(new Dml(k.target(), DmlType.DELETE, values, RowImage.empty()));
                    case Update -> dmls.add(new Dml(k.target(), DmlType.UPDATE, values,
                            images.of(m.getChangeRow(), zone, ts)));
                }
            }
        }
        return Txn.ofDml(ts, dmls, tag);
    }

    private static ZoneId zone(String id, long ts) {
        try {
            return ZoneId.of(id);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("relay record at commit ts " + ts + " has an unknown time_zone '" + id + "'", e);
        }
    }

    private Known known(SecondaryBinlog.Table t) {
        Map<String, Known> ofDb = known.computeIfAbsent(t.getSchemaName(), db -> new ConcurrentHashMap<>());
        Known k = ofDb.get(t.getTableName());
        List<String> names = new ColumnNames(t.getColumnInfoList());
        if (k == null || !k.layout().fits(names)) {
            k = new Known(k != null ? k.target() : Dml.Target.of(t.getSchemaName(), t.getTableName()), RowImage.Layout.of(names));
            ofDb.put(t.getTableName(), k);
        }
        return k;
    }

    /** The names of a table message's column infos, as a view (no copy for the common check that they did not change). */
    private static final class ColumnNames extends AbstractList<String> {
        private final List<ColumnInfo> infos;

        ColumnNames(List<ColumnInfo> infos) {
            this.infos = infos;
        }

        @Override
        public String get(int i) {
            return infos.get(i).getName();
        }

        @Override
        public int size() {
            return infos.size();
        }
    }

    /**
     * The images of one table message: its rows share one layout (the sorted column names), so each row
     * costs one value array. A row with fewer values than column infos covers the first columns only.
     */
    private static final class Images {
        private final SecondaryBinlog.Table table;
        private final List<ColumnInfo> infos;
        private final RowImage.Layout full;

        Images(SecondaryBinlog.Table table, RowImage.Layout full) {
            this.table = table;
            this.infos = table.getColumnInfoList();
            this.full = full;
        }

        RowImage of(SecondaryBinlog.Row row, ZoneId zone, long ts) {
            List<Column> cols = row.getColumnsList();
            if (cols.size() > infos.size()) {
                throw new IllegalArgumentException("relay record at commit ts " + ts + " for `" + table.getSchemaName()
                        + "`.`" + table.getTableName() + "` has " + cols.size() + " values but " + infos.size()
                        + " column infos");
            }
            Object[] values = new Object[cols.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = value(infos.get(i), cols.get(i), zone);
            }
            RowImage.Layout layout = values.length == infos.size() ? full
                    : RowImage.Layout.of(new ColumnNames(infos).subList(0, values.length));
            return layout.image(values);
        }
    }

    private static Object value(ColumnInfo info, Column c, ZoneId zone) {
        if (c.getIsNull()) {
            return null;
        }
        if (c.hasInt64Value()) {
            return c.getInt64Value();
        }
        if (c.hasUint64Value()) {
            return unsigned(c.getUint64Value());
        }
        if (c.hasDoubleValue()) {
            return c.getDoubleValue();
        }
        if (c.hasBytesValue()) {
            String type = info.getMysqlType();
            if ("json".equalsIgnoreCase(type)) {
                return new Utf8Text(c.getBytesValue().toByteArray());
            }
            if ("bit".equalsIgnoreCase(type)) {
                byte[] b = c.getBytesValue().toByteArray();
                return b.length == 0 ? (Object) 0L : unsignedOf(new BigInteger(1, b));
            }
            return c.getBytesValue().toByteArray();
        }
        if ("timestamp".equalsIgnoreCase(info.getMysqlType()) && !ZoneOffset.UTC.equals(zone.normalized())) {
            return toUtc(c.getStringValue(), zone);
        }
        // The bytes as the record holds them: no decoding here, no encoding in the loader.
        return new Utf8Text(c.getStringValueBytes().toByteArray());
    }

    private static Object unsigned(long v) {
        return v >= 0 ? (Object) v : new BigInteger(Long.toUnsignedString(v));
    }

    private static Object unsignedOf(BigInteger b) {
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }

    /** {@code s} read as wall time in {@code zone}, written as UTC wall time with the same digits. */
    static String toUtc(String s, ZoneId zone) {
        if (s.startsWith("0000-00-00")) {
            return s;
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.parse(s, PARSE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("TIMESTAMP value '" + s + "' is not yyyy-MM-dd HH:mm:ss[.ffffff]", e);
        }
        LocalDateTime utc = local.atZone(zone).withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
        int dot = s.indexOf('.');
        String base = utc.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
        if (dot < 0) {
            return base;
        }
        int digits = s.length() - dot - 1;
        String nanos = String.format("%09d", utc.getNano());
        return base + "." + nanos.substring(0, digits);
    }
}
