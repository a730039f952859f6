package dev.drainer.sim.tidb;

import com.google.protobuf.ByteString;
import dev.drainer.proto.binlog.Binlog;
import dev.drainer.proto.binlog.BinlogType;
import dev.drainer.proto.binlog.MutationType;
import dev.drainer.proto.binlog.PrewriteValue;
import dev.drainer.proto.binlog.TableMutation;
import dev.drainer.testkit.workload.ColumnDef;
import dev.drainer.testkit.workload.ColumnType;
import dev.drainer.testkit.workload.Ddl;
import dev.drainer.testkit.workload.RowChange;
import dev.drainer.testkit.workload.Transaction;
import dev.drainer.testkit.workload.Workload;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes workload transactions as the Commit binlogs a pump serves (prewrite value copied in, spec
 * §2.1, §2.5) and records each DDL's history job (§3.1-3.2), the way TiDB 5.x-6.x would for the same
 * statements: old row format, int / common / {@code _tidb_rowid} handles, update halves, delete rows,
 * {@code sequence}, and a primary-key change written as delete + insert. One encoder follows one
 * workload in commit order (it keeps ids, versions and row ids).
 *
 * <p>DDL jobs finish as TiDB's {@code ddl} package finishes them (job type, last schema state, the
 * table info after the job); each takes one schema version, where TiDB takes one per state change
 * (the drainer only compares versions). DROP COLUMN writes two DDL binlogs, as TiDB's
 * {@code writeBinlog} does: one when the column reaches delete-only (schema state 1), one when the
 * job is done.
 */
public final class TidbBinlogEncoder {
    /** TiDB's {@code _tidb_rowid} column id ({@code model.ExtraHandleID}). */
    static final long EXTRA_HANDLE_ID = -1;
    private static final int CREATE_SCHEMA = 1;
    private static final int CREATE_TABLE = 3;
    private static final int DROP_TABLE = 4;
    private static final int ADD_COLUMN = 5;
    private static final int DROP_COLUMN = 6;
    private static final int ADD_INDEX = 7;
    private static final int TRUNCATE_TABLE = 11;
    private static final int RENAME_TABLE = 14;
    private static final int SCHEMA_STATE_DELETE_ONLY = 1;

    private final String schema;
    private final long schemaId;
    private final TidbHistory history = new TidbHistory();
    private final Map<String, TidbTable> tables = new HashMap<>();
    private long nextGlobalId;
    private long schemaVersion;

    /**
     * An upstream whose database {@code schema} was created (schema version 1, job in the history)
     * before the binlog stream starts at {@code firstCommitTs}.
     */
    public TidbBinlogEncoder(String schema, long firstCommitTs) {
        this.schema = schema;
        this.schemaId = 2; // 1 is TiDB's built-in mysql database
        this.nextGlobalId = 100;
        long jobId = nextGlobalId++;
        schemaVersion = 1;
        history.add(jobId, TidbMetaJson.job(jobId, CREATE_SCHEMA, schemaId, 0, schema, "CREATE DATABASE `" + schema + "`",
                TidbMetaJson.STATE_PUBLIC, schemaVersion, TidbMetaJson.db(schemaId, schema), null, firstCommitTs - 2, firstCommitTs - 1));
    }

    /** A workload's binlogs in commit order (one per transaction, two per DROP COLUMN) and the resulting history. */
    public static Encoded encodeAll(Workload w) {
        TidbBinlogEncoder e = new TidbBinlogEncoder(w.schema(), w.firstCommitTs());
        List<Binlog> binlogs = new ArrayList<>();
        for (Transaction t : w.transactions()) {
            binlogs.addAll(e.encode(t));
        }
        return new Encoded(binlogs, e.history());
    }

    /** Binlogs in commit order and the DDL history they need. */
    public record Encoded(List<Binlog> binlogs, TidbHistory history) {
    }

    public TidbHistory history() {
        return history;
    }

    /**
     * The Commit binlogs of one transaction, in commit order: one, or for DROP COLUMN first its
     * delete-only binlog (at {@code commitTs - 1}, which is above the previous transaction's commit ts
     * since the generator moves the physical part on by at least 1 ms). DDL jobs go to the history
     * first, as TiDB finishes them before the drainer looks them up.
     */
    public List<Binlog> encode(Transaction t) {
        if (!t.isDdl()) {
            return List.of(commit(t.commitTs()).setPrewriteValue(prewrite(t.changes()).toByteString()).build());
        }
        Ddl d = t.ddl();
        Job job = ddl(d, t.commitTs());
        Binlog done = ddlBinlog(t.commitTs(), job.id, job.schemaState, d);
        if (d.kind() != Ddl.Kind.DROP_COLUMN) {
            return List.of(done);
        }
        return List.of(ddlBinlog(t.commitTs() - 1, job.id, SCHEMA_STATE_DELETE_ONLY, d), done);
    }

    private static Binlog.Builder commit(long commitTs) {
        return Binlog.newBuilder().setTp(BinlogType.Commit).setStartTs(commitTs - 1).setCommitTs(commitTs)
                .setDdlJobId(0).setDdlSchemaState(0);
    }

    /** A DDL binlog as TiDB's {@code SetDDLBinlog} writes it: job id, the job's schema state at that moment, the query. */
    private static Binlog ddlBinlog(long commitTs, long jobId, int schemaState, Ddl d) {
        return commit(commitTs).setDdlJobId(jobId).setDdlSchemaState(schemaState)
                .setDdlQuery(ByteString.copyFromUtf8(d.sql())).build();
    }

    /** A finished job's id and last schema state. */
    private record Job(long id, int schemaState) {
    }

    private Job ddl(Ddl d, long commitTs) {
        TidbTable before = tables.get(d.table());
        TidbTable after;
        int type;
        long jobTableId;
        int schemaState = TidbMetaJson.STATE_PUBLIC;
        int tableState = TidbMetaJson.STATE_PUBLIC;
        switch (d.kind()) {
            case CREATE_TABLE -> {
                after = TidbTable.created(nextGlobalId++, d.tableAfter());
                type = CREATE_TABLE;
                jobTableId = after.id;
            }
            case ADD_COLUMN -> {
                after = requireTable(d.table()).withColumnAdded(d.tableAfter());
                type = ADD_COLUMN;
                jobTableId = after.id;
            }
            case DROP_COLUMN -> {
                after = requireTable(d.table()).withColumnDropped(d.tableAfter());
                type = DROP_COLUMN;
                jobTableId = after.id;
                schemaState = TidbMetaJson.STATE_NONE; // onDropColumn: FinishTableJob(done, StateNone, …)
            }
            case ADD_INDEX -> {
                after = requireTable(d.table()).redefined(d.tableAfter());
                type = ADD_INDEX;
                jobTableId = after.id;
            }
            case RENAME_TABLE -> {
                after = requireTable(d.table()).redefined(d.tableAfter());
                type = RENAME_TABLE;
                jobTableId = after.id;
            }
            case DROP_TABLE -> {
                // onDropTableOrView: the table info goes into the job with the table in state none.
                after = requireTable(d.table());
                type = DROP_TABLE;
                jobTableId = after.id;
                schemaState = TidbMetaJson.STATE_NONE;
                tableState = TidbMetaJson.STATE_NONE;
            }
            case TRUNCATE_TABLE -> {
                after = requireTable(d.table()).truncated(nextGlobalId++);
                type = TRUNCATE_TABLE;
                jobTableId = before.id;
            }
            default -> throw new IllegalArgumentException("DDL kind " + d.kind() + " has no TiDB encoding here");
        }
        tables.remove(d.table());
        if (d.kind() != Ddl.Kind.DROP_TABLE) {
            tables.put(d.tableNameAfter(), after);
        }
        long jobId = nextGlobalId++;
        schemaVersion++;
        history.add(jobId, TidbMetaJson.job(jobId, type, schemaId, jobTableId, schema, d.sql(), schemaState, schemaVersion,
                null, TidbMetaJson.table(after, tableState), commitTs - 1, commitTs));
        return new Job(jobId, schemaState);
    }

    private TidbTable requireTable(String name) {
        TidbTable t = tables.get(name);
        if (t == null) {
            throw new IllegalStateException("table " + name + " was never created in this upstream");
        }
        return t;
    }

    private PrewriteValue prewrite(List<RowChange> changes) {
        // TiDB keeps one TableMutation per table; the order inside a table is the statement order.
        Map<Long, TableMutation.Builder> byTable = new LinkedHashMap<>();
        for (RowChange c : changes) {
            TidbTable t = requireTable(c.tableName());
            TableMutation.Builder m = byTable.computeIfAbsent(t.id, id -> TableMutation.newBuilder().setTableId(id));
            switch (c.type()) {
                case INSERT -> insert(t, m, c.newRow());
                case DELETE -> delete(t, m, c.oldRow());
                case UPDATE -> {
                    if (handleChanges(t, c)) {
                        // TiDB removes the record under the old handle and adds one under the new.
                        delete(t, m, c.oldRow());
                        insert(t, m, c.newRow());
                    } else {
                        update(t, m, c.oldRow(), c.newRow());
                    }
                }
            }
        }
        PrewriteValue.Builder pv = PrewriteValue.newBuilder().setSchemaVersion(schemaVersion);
        byTable.values().forEach(pv::addMutations);
        return pv.build();
    }

    private static boolean handleChanges(TidbTable t, RowChange c) {
        if (t.handle == TidbTable.Handle.ROW_ID) {
            return false;
        }
        List<String> pk = t.def.primaryKey().columns();
        for (String col : pk) {
            int i = t.def.columnIndex(col);
            if (!java.util.Objects.equals(c.oldRow().get(i), c.newRow().get(i))) {
                return true;
            }
        }
        return false;
    }

    private void insert(TidbTable t, TableMutation.Builder m, List<Object> row) {
        DatumWriter w = new DatumWriter();
        switch (t.handle) {
            case INT_PK -> w.varint(((BigInteger) row.get(t.def.columnIndex(t.def.primaryKey().columns().get(0)))).longValue());
            case COMMON -> {
                for (String col : t.def.primaryKey().columns()) {
                    keyForm(w, t.def.column(col), row.get(t.def.columnIndex(col)));
                }
            }
            case ROW_ID -> {
                long rowId = t.nextRowId++;
                t.rowIds.put(t.def.keyOf(row), rowId);
                w.varint(rowId);
            }
        }
        int pairs = 0;
        for (int i = 0; i < row.size(); i++) {
            ColumnDef c = t.def.columns().get(i);
            if (!t.skippedInRecord(c, row.get(i))) {
                w.varint(t.columnIds.get(i));
                TidbColumn.write(w, c, row.get(i));
                pairs++;
            }
        }
        if (pairs == 0) {
            w.nil(); // EncodeOldRow of no columns
        }
        m.addInsertedRows(ByteString.copyFrom(w.toByteArray())).addSequence(MutationType.Insert);
    }

    /**
     * A clustered-key column as the handle prefix holds it: decoded from the memcomparable key, so
     * strings are their PAD SPACE sort key (trailing spaces gone) and integers plain varints.
     */
    private static void keyForm(DatumWriter w, ColumnDef c, Object v) {
        if (v instanceof String s) {
            w.compactBytes(s.stripTrailing().getBytes(StandardCharsets.UTF_8));
        } else if (c.type().category() == ColumnType.Category.INTEGER && !c.unsigned()) {
            w.varint(((BigInteger) v).longValueExact());
        } else {
            TidbColumn.write(w, c, v);
        }
    }

    private void update(TidbTable t, TableMutation.Builder m, List<Object> oldRow, List<Object> newRow) {
        DatumWriter w = new DatumWriter();
        Long rowId = null;
        if (t.handle == TidbTable.Handle.ROW_ID) {
            rowId = rowIdOf(t, oldRow);
            t.rowIds.put(t.def.keyOf(newRow), rowId);
        }
        record(t, w, oldRow, rowId);
        record(t, w, newRow, rowId);
        m.addUpdatedRows(ByteString.copyFrom(w.toByteArray())).addSequence(MutationType.Update);
    }

    private void delete(TidbTable t, TableMutation.Builder m, List<Object> row) {
        DatumWriter w = new DatumWriter();
        Long rowId = t.handle == TidbTable.Handle.ROW_ID ? rowIdOf(t, row) : null;
        record(t, w, row, rowId);
        m.addDeletedRows(ByteString.copyFrom(w.toByteArray())).addSequence(MutationType.DeleteRow);
    }

    private static long rowIdOf(TidbTable t, List<Object> row) {
        Long id = t.rowIds.remove(t.def.keyOf(row));
        if (id == null) {
            throw new IllegalStateException(t.def.name() + ": no _tidb_rowid for key " + t.def.keyOf(row)
                    + "; the workload changes a row this upstream never inserted");
        }
        return id;
    }

    /** Every column's pair, then {@code -1 → _tidb_rowid} for tables without a primary key. */
    private static void record(TidbTable t, DatumWriter w, List<Object> row, Long rowId) {
        for (int i = 0; i < row.size(); i++) {
            w.varint(t.columnIds.get(i));
            TidbColumn.write(w, t.def.columns().get(i), row.get(i));
        }
        if (rowId != null) {
            w.varint(EXTRA_HANDLE_ID);
            w.varint(rowId);
        }
    }
}
