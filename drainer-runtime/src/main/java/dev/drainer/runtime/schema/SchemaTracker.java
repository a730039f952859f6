package dev.drainer.runtime.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The table schemas at the drainer's position in the stream (the Go drainer's {@code Schema}, spec
 * §3.3): history jobs wait in schema-version order and are applied when a DML or DDL binlog reaches
 * their version. The current version never goes back.
 */
public final class SchemaTracker {
    private static final System.Logger LOG = System.getLogger(SchemaTracker.class.getName());
    /** TiDB's built-in {@code mysql} database, which 6.2+ creates without a job. */
    private static final DbInfo MYSQL = new DbInfo(1, "mysql");
    /** TiDB {@code meta.MaxGlobalID}: ids above it are DDL system tables (6.2+ concurrent DDL). */
    static final long MAX_GLOBAL_ID = (1L << 48) - 1 - 1000;

    private final Map<Long, DbInfo> dbs = new HashMap<>();
    private final Map<Long, TableInfo> tables = new HashMap<>();
    private final Map<Long, Long> tableSchemaId = new HashMap<>();
    private final Map<Long, Long> tableSchemaVersion = new HashMap<>();
    private final Set<Long> truncated = new HashSet<>();
    private final Set<Long> droppingColumn = new HashSet<>();
    private final TreeMap<Long, Job> pending = new TreeMap<>();
    private final Map<Long, SchemaTable> versionNames = new HashMap<>();
    private long currentVersion;

    /** A tracker holding every history job, none applied yet. */
    public SchemaTracker(List<Job> history) {
        dbs.put(MYSQL.id(), MYSQL);
        List<Job> sorted = new ArrayList<>(history);
        sorted.sort(Comparator.comparingLong(Job::schemaVersion));
        for (Job j : sorted) {
            if (j.schemaVersion() > 0) {
                pending.put(j.schemaVersion(), j);
            }
        }
    }

    /**
     * The schema a run resumes with: every history job up to the checkpoint's {@code schema-version},
     * the version of the last DDL applied downstream. The Go syncer applies up to that version + 1,
     * which runs a following one-version DDL (a rename, a drop in the simulator) ahead of the changes
     * committed before it: their table is then renamed or gone.
     */
    public static SchemaTracker resumingAt(List<Job> history, long checkpointSchemaVersion) {
        SchemaTracker t = new SchemaTracker(history);
        t.applyUpTo(checkpointSchemaVersion);
        return t;
    }

    /** The highest schema version applied. */
    public long currentVersion() {
        return currentVersion;
    }

    /** Adds the job of a DDL binlog (replacing a pending job of the same version, which it is a newer copy of). */
    public void addJob(Job job) {
        if (job.schemaVersion() > currentVersion) {
            pending.put(job.schemaVersion(), job);
        }
    }

    /** Applies every pending job up to {@code version} in version order ({@code handlePreviousDDLJobIfNeed}). */
    public void applyUpTo(long version) {
        while (!pending.isEmpty() && pending.firstKey() <= version) {
            Job job = pending.pollFirstEntry().getValue();
            if (job.schemaVersion() <= currentVersion) {
                continue;
            }
            if (job.type() == ActionType.DROP_COLUMN && job.schemaState() == SchemaState.DELETE_ONLY) {
                // The column is still in TableInfo until the job is done; rows already lack it.
                droppingColumn.add(job.tableId());
                continue;
            }
            if (skipped(job)) {
                LOG.log(System.Logger.Level.INFO, "schema skips job id={0} type={1} state={2} schemaVersion={3}",
                        job.id(), ActionType.name(job.type()), job.state(), job.schemaVersion());
            } else {
                apply(job);
            }
            currentVersion = job.schemaVersion();
        }
    }

    /** Jobs the Go drainer leaves unapplied: unsupported types, DDL system tables, unfinished jobs. */
    public static boolean skipped(Job job) {
        return ActionType.unsupported(job.type()) || systemTable(job) || !job.isDoneOrSynced();
    }

    /** A job on one of TiDB's DDL system tables (6.2+), which never reach a downstream. */
    public static boolean systemTable(Job job) {
        return job.tableId() > MAX_GLOBAL_ID;
    }

    private void apply(Job job) {
        SchemaTable names;
        switch (job.type()) {
            case ActionType.CREATE_SCHEMA, ActionType.MODIFY_SCHEMA_CHARSET_AND_COLLATE -> {
                DbInfo db = required(job, job.dbInfo(), "DBInfo");
                dbs.values().removeIf(d -> d.name().equalsIgnoreCase(db.name()) && d.id() != db.id());
                dbs.put(db.id(), db);
                names = new SchemaTable(db.name(), "");
            }
            case ActionType.DROP_SCHEMA -> {
                DbInfo db = dbs.remove(job.schemaId());
                if (db == null) {
                    throw new SchemaException(job + ": database id " + job.schemaId() + " is not known");
                }
                List<Long> ids = tableSchemaId.entrySet().stream().filter(e -> e.getValue() == job.schemaId())
                        .map(Map.Entry::getKey).toList();
                ids.forEach(this::drop);
                names = new SchemaTable(db.name(), "");
            }
            case ActionType.RENAME_TABLE -> {
                drop(job.tableId());
                names = create(job, job.schemaId(), required(job, job.tableInfo(), "TableInfo"));
            }
            case ActionType.CREATE_TABLE, ActionType.CREATE_VIEW, ActionType.CREATE_SEQUENCE, ActionType.RECOVER_TABLE ->
                    names = create(job, job.schemaId(), required(job, job.tableInfo(), "TableInfo"));
            case ActionType.DROP_TABLE, ActionType.DROP_VIEW, ActionType.DROP_SEQUENCE -> {
                names = nameOf(job.tableId());
                drop(job.tableId());
            }
            case ActionType.TRUNCATE_TABLE -> {
                long schemaId = schemaIdOf(job);
                drop(job.tableId());
                truncated.add(job.tableId());
                names = create(job, schemaId, required(job, job.tableInfo(), "TableInfo"));
            }
            case ActionType.CREATE_TABLES -> {
                names = new SchemaTable(dbName(job, job.schemaId()), "");
                for (TableInfo t : job.multipleTableInfos()) {
                    create(job, job.schemaId(), t);
                }
            }
            default -> {
                TableInfo t = required(job, job.tableInfo(), "TableInfo");
                long schemaId = schemaIdOf(job);
                droppingColumn.remove(t.id());
                tables.put(t.id(), t);
                tableSchemaId.put(t.id(), schemaId);
                tableSchemaVersion.put(t.id(), job.schemaVersion());
                names = new SchemaTable(dbName(job, schemaId), t.name());
            }
        }
        versionNames.put(job.schemaVersion(), names);
    }

    private long schemaIdOf(Job job) {
        Long id = tableSchemaId.get(job.tableId());
        return id != null ? id : job.schemaId();
    }

    private SchemaTable create(Job job, long schemaId, TableInfo t) {
        String db = dbName(job, schemaId);
        tables.put(t.id(), t);
        tableSchemaId.put(t.id(), schemaId);
        tableSchemaVersion.put(t.id(), job.schemaVersion());
        return new SchemaTable(db, t.name());
    }

    private void drop(long tableId) {
        tables.remove(tableId);
        tableSchemaId.remove(tableId);
        tableSchemaVersion.remove(tableId);
        droppingColumn.remove(tableId);
    }

    private String dbName(Job job, long schemaId) {
        DbInfo db = dbs.get(schemaId);
        if (db == null) {
            throw new SchemaException(job + ": database id " + schemaId + " is not known (no create schema job before it)");
        }
        return db.name();
    }

    private static <T> T required(Job job, T value, String field) {
        if (value == null) {
            throw new SchemaException(job + " has no binlog." + field);
        }
        return value;
    }

    /** The latest schema of a table id, or null if the id is not (or no longer) a table. */
    public TableInfo table(long tableId) {
        return tables.get(tableId);
    }

    /** The (database, table) of a known table id; throws naming the id otherwise. */
    public SchemaTable nameOf(long tableId) {
        TableInfo t = tables.get(tableId);
        if (t == null) {
            throw new SchemaException("not found table id " + tableId + " at schema version " + currentVersion);
        }
        return new SchemaTable(dbs.get(tableSchemaId.get(tableId)).name(), t.name());
    }

    /** Whether a table id was replaced by TRUNCATE TABLE: late DMLs on it are dropped. */
    public boolean truncated(long tableId) {
        return truncated.contains(tableId);
    }

    /**
     * Whether rows of a DML at {@code dmlSchemaVersion} may lack columns of the table
     * ({@code CanAppendDefaultValue}): the table is mid DROP COLUMN, or changed after the DML's version.
     */
    public boolean mayLackColumns(long tableId, long dmlSchemaVersion) {
        return droppingColumn.contains(tableId) || dmlSchemaVersion < tableSchemaVersion.getOrDefault(tableId, 0L);
    }

    /** The (database, table) a DDL at this schema version applies to, removed on use; throws if none. */
    public SchemaTable takeDdlNames(long schemaVersion) {
        SchemaTable n = versionNames.remove(schemaVersion);
        if (n == null) {
            throw new SchemaException("no DDL applied at schema version " + schemaVersion + " (current version "
                    + currentVersion + "): its history job is missing or was skipped");
        }
        return n;
    }
}
