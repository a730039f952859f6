package dev.drainer.runtime.translate;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.drainer.proto.binlog.Binlog;
import dev.drainer.proto.binlog.MutationType;
import dev.drainer.proto.binlog.PrewriteValue;
import dev.drainer.proto.binlog.TableMutation;
import dev.drainer.proto.secondary.SecondaryBinlog;
import dev.drainer.runtime.codec.CodecException;
import dev.drainer.runtime.schema.ActionType;
import dev.drainer.runtime.schema.ColumnInfo;
import dev.drainer.runtime.schema.DdlHistory;
import dev.drainer.runtime.schema.IndexInfo;
import dev.drainer.runtime.schema.Job;
import dev.drainer.runtime.schema.SchemaException;
import dev.drainer.runtime.schema.SchemaState;
import dev.drainer.runtime.schema.SchemaTable;
import dev.drainer.runtime.schema.SchemaTracker;
import dev.drainer.runtime.schema.TableFilter;
import dev.drainer.runtime.schema.TableInfo;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns the tipb binlogs the merger yields into secondary binlogs, the relay-log payload (the Go
 * drainer's {@code TiBinlogToSecondaryBinlog} with its syncer's DDL and filter rules, spec §2.6,
 * §3.4, §4.2). Differences, on purpose: TIMESTAMPs are written in {@code zone} and the zone is
 * recorded in {@code time_zone} (§13.5); skipped or filtered DDLs are not written at all rather than
 * written without their skip flag (§13.4); columns a row lacks get their default, not NULL (§13.6);
 * only public columns are written.
 */
public final class TiBinlogTranslator {
    private final SchemaTracker schema;
    private final DdlHistory history;
    private final TableFilter filter;
    private final Set<Long> ignoreCommitTs;
    private final boolean syncDdl;
    private final ZoneId zone;
    private final String zoneLabel;
    private final Map<Long, TableShape> shapes = new HashMap<>();
    private long shapesVersion = -1;

    /**
     * @param ignoreCommitTs {@code ignore-txn-commit-ts}
     * @param syncDdl        {@code sync-ddl}: false skips every DDL
     * @param zone           the zone TIMESTAMP strings are written in (the relay convention is UTC)
     */
    public TiBinlogTranslator(SchemaTracker schema, DdlHistory history, TableFilter filter, Set<Long> ignoreCommitTs,
                              boolean syncDdl, ZoneId zone) {
        this.schema = schema;
        this.history = history;
        this.filter = filter;
        this.ignoreCommitTs = Set.copyOf(ignoreCommitTs);
        this.syncDdl = syncDdl;
        this.zone = zone;
        this.zoneLabel = ZoneOffset.UTC.equals(zone.normalized()) ? "+00:00" : zone.getId();
    }

    /** What {@code b} becomes; throws naming the commit ts on undecodable input or unknown tables/jobs. */
    public Translation translate(Binlog b) {
        long ts = b.getCommitTs();
        if (b.getStartTs() == ts) {
            return skip(ts, "fake binlog");
        }
        try {
            return b.getDdlJobId() > 0 ? ddl(b) : dml(b);
        } catch (CodecException | IllegalArgumentException | SchemaException e) {
            throw new IllegalStateException("binlog at commit ts " + ts + " (start ts " + b.getStartTs() + ", ddl job "
                    + b.getDdlJobId() + ") cannot be translated: " + e.getMessage(), e);
        }
    }

    private Translation skip(long ts, String reason) {
        return new Translation.Skip(ts, schema.currentVersion(), reason);
    }

    private Translation ddl(Binlog b) {
        long ts = b.getCommitTs();
        String query = b.getDdlQuery().toString(StandardCharsets.UTF_8);
        if (query.trim().toLowerCase(Locale.ROOT).startsWith("select setval")) {
            return skip(ts, "sequence value sync");
        }
        Job job = history.job(b.getDdlJobId()).orElseThrow(() -> new SchemaException(
                "DDL job " + b.getDdlJobId() + " is not in the DDL history"));
        if (!job.isDoneOrSynced() && b.getDdlSchemaState() != SchemaState.DELETE_ONLY) {
            return skip(ts, "DDL job " + job.id() + " neither done nor synced");
        }
        if (b.getDdlSchemaState() == SchemaState.DELETE_ONLY) {
            job = job.withSchemaState(SchemaState.DELETE_ONLY);
        }
        if (ignoreCommitTs.contains(ts)) {
            return skip(ts, "ignore-txn-commit-ts");
        }
        if (ActionType.unsupported(job.type()) || SchemaTracker.systemTable(job)) {
            return skip(ts, "unsupported or system-table DDL " + job);
        }
        schema.addJob(job);
        schema.applyUpTo(job.schemaVersion());
        if (job.type() == ActionType.DROP_COLUMN && job.schemaState() == SchemaState.DELETE_ONLY) {
            return skip(ts, "drop column in delete-only state");
        }
        if (job.type() == ActionType.CREATE_TABLES) {
            return skip(ts, "create tables (not executed downstream, as upstream)");
        }
        if (job.schemaVersion() == 0) {
            return skip(ts, "failed DDL (schema version 0)");
        }
        SchemaTable names = schema.takeDdlNames(job.schemaVersion());
        if (!syncDdl) {
            return skip(ts, "sync-ddl = false");
        }
        if (filter.skip(names.schema(), names.table())) {
            return skip(ts, "filtered DDL on `" + names.schema() + "`.`" + names.table() + "`");
        }
        return new Translation.Emit(header(ts).setType(SecondaryBinlog.BinlogType.DDL)
                .setDdlData(SecondaryBinlog.DDLData.newBuilder().setSchemaName(names.schema())
                        .setTableName(names.table()).setDdlQuery(b.getDdlQuery()))
                .build(), schema.currentVersion());
    }

    private SecondaryBinlog.Binlog.Builder header(long ts) {
        return SecondaryBinlog.Binlog.newBuilder().setCommitTs(ts).setTimeZone(zoneLabel);
    }

    private Translation dml(Binlog b) {
        long ts = b.getCommitTs();
        if (ignoreCommitTs.contains(ts)) {
            return skip(ts, "ignore-txn-commit-ts");
        }
        PrewriteValue pv;
        try {
            pv = PrewriteValue.parseFrom(b.getPrewriteValue());
        } catch (InvalidProtocolBufferException e) {
            throw new CodecException("prewrite_value (" + b.getPrewriteValue().size() + " bytes) is not a PrewriteValue: "
                    + e.getMessage(), e);
        }
        schema.applyUpTo(pv.getSchemaVersion());
        SecondaryBinlog.DMLData.Builder data = SecondaryBinlog.DMLData.newBuilder();
        for (TableMutation m : pv.getMutationsList()) {
            TableInfo info = schema.table(m.getTableId());
            if (info == null && schema.truncated(m.getTableId())) {
                continue; // a late write to the table TRUNCATE replaced (Syncer.rewriteForOldVersion)
            }
            SchemaTable names = schema.nameOf(m.getTableId());
            if (filter.skip(names.schema(), names.table())) {
                continue;
            }
            data.addTables(table(ts, pv.getSchemaVersion(), m, info, names));
        }
        if (data.getTablesCount() == 0) {
            return skip(ts, "every table mutation filtered");
        }
        return new Translation.Emit(header(ts).setType(SecondaryBinlog.BinlogType.DML).setDmlData(data).build(),
                schema.currentVersion());
    }

    /**
     * What every mutation of one table version repeats: the decoder of its rows over its public columns, and
     * their secondary-binlog descriptions.
     */
    private record TableShape(TableInfo info, RowDecoder rows, List<SecondaryBinlog.ColumnInfo> columnInfos,
                              List<SecondaryBinlog.Key> uniqueKeys) {
        static TableShape of(TableInfo info, ZoneId zone) {
            List<ColumnInfo> columns = info.columns().stream().filter(ColumnInfo::isPublic).toList();
            List<SecondaryBinlog.ColumnInfo> infos = new ArrayList<>(columns.size());
            for (ColumnInfo c : columns) {
                infos.add(SecondaryBinlog.ColumnInfo.newBuilder().setName(c.name()).setMysqlType(c.type().typeName())
                        .setIsPrimaryKey(c.type().primaryKey()).setFlen(c.type().flen()).setDecimal(c.type().decimal())
                        .build());
            }
            List<SecondaryBinlog.Key> keys = new ArrayList<>();
            ColumnInfo handle = info.handleColumn();
            if (handle != null) {
                keys.add(SecondaryBinlog.Key.newBuilder().setName("PRIMARY").addColumnNames(handle.name()).build());
            }
            for (IndexInfo i : info.indices()) {
                if (i.unique() || i.primary()) {
                    keys.add(SecondaryBinlog.Key.newBuilder().setName(i.name())
                            .addAllColumnNames(i.columns().stream().map(IndexInfo.IndexColumn::name).toList()).build());
                }
            }
            return new TableShape(info, new RowDecoder(info, columns, zone), List.copyOf(infos), List.copyOf(keys));
        }
    }

    /**
     * Shapes by table id, built once per table version instead of once per transaction (immutable protobuf
     * messages shared by every binlog that uses them, and a decoder that has looked up the table's handle and
     * column positions); emptied when the schema version moves.
     */
    private TableShape shape(TableInfo info) {
        if (schema.currentVersion() != shapesVersion) {
            shapes.clear();
            shapesVersion = schema.currentVersion();
        }
        TableShape s = shapes.get(info.id());
        if (s == null || s.info() != info) {
            s = TableShape.of(info, zone);
            shapes.put(info.id(), s);
        }
        return s;
    }

    private SecondaryBinlog.Table table(long ts, long dmlVersion, TableMutation m, TableInfo info, SchemaTable names) {
        TableShape shape = shape(info);
        SecondaryBinlog.Table.Builder t = SecondaryBinlog.Table.newBuilder()
                .setSchemaName(names.schema()).setTableName(names.table())
                .addAllColumnInfo(shape.columnInfos()).addAllUniqueKeys(shape.uniqueKeys());
        RowDecoder rows = shape.rows();
        Supplier<String> where =
                () -> "commit ts " + ts + " table `" + names.schema() + "`.`" + names.table() + "` (id " + info.id() + ")";
        boolean mayLack = schema.mayLackColumns(info.id(), dmlVersion);
        int ins = 0;
        int upd = 0;
        int del = 0;
        for (MutationType type : m.getSequenceList()) {
            SecondaryBinlog.TableMutation.Builder out = SecondaryBinlog.TableMutation.newBuilder();
            switch (type) {
                case Insert -> out.setType(SecondaryBinlog.MutationType.Insert)
                        .setRow(rows.insert(element(m.getInsertedRowsList(), ins++, "inserted_rows"), where));
                case Update -> {
                    SecondaryBinlog.Row[] r = rows.update(element(m.getUpdatedRowsList(), upd++, "updated_rows"), mayLack, where);
                    // row = NEW image, change_row = OLD image, as the Go drainer writes them.
                    out.setType(SecondaryBinlog.MutationType.Update).setRow(r[1]).setChangeRow(r[0]);
                }
                case DeleteRow -> out.setType(SecondaryBinlog.MutationType.Delete)
                        .setRow(rows.delete(element(m.getDeletedRowsList(), del++, "deleted_rows")));
                default -> throw new CodecException("table id " + m.getTableId() + ": mutation type " + type
                        + " is obsolete; no TiDB that writes binlogs with sequence uses it");
            }
            t.addMutations(out);
        }
        if (ins != m.getInsertedRowsCount() || upd != m.getUpdatedRowsCount() || del != m.getDeletedRowsCount()) {
            throw new CodecException("table id " + m.getTableId() + ": sequence names " + ins + " inserts, " + upd
                    + " updates, " + del + " deletes but the mutation holds " + m.getInsertedRowsCount() + ", "
                    + m.getUpdatedRowsCount() + ", " + m.getDeletedRowsCount());
        }
        return t.build();
    }

    private static byte[] element(List<ByteString> rows, int i, String field) {
        if (i >= rows.size()) {
            throw new CodecException("sequence needs " + field + "[" + i + "] but there are " + rows.size());
        }
        return rows.get(i).toByteArray();
    }
}
