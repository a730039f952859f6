package dev.drainer.runtime.schema;

import java.util.List;

/**
 * A finished DDL job from TiDB's history ({@code model.Job}, spec §3.2), with its {@code binlog}
 * (HistoryInfo) flattened in.
 *
 * @param type          {@link ActionType}
 * @param state         {@link JobState}
 * @param schemaState   {@link SchemaState} of the job
 * @param schemaVersion {@code binlog.SchemaVersion}: 0 for a failed job
 * @param dbInfo        {@code binlog.DBInfo}, or null
 * @param tableInfo     {@code binlog.TableInfo}, or null
 * @param multipleTableInfos {@code binlog.MultipleTableInfos} (CreateTables), possibly empty
 */
public record Job(long id, int type, long schemaId, long tableId, int state, String query, int schemaState,
                  long schemaVersion, DbInfo dbInfo, TableInfo tableInfo, long finishedTs,
                  List<TableInfo> multipleTableInfos) {
    public Job {
        multipleTableInfos = List.copyOf(multipleTableInfos);
    }

    /** Synced or done: the only states whose effects are applied. */
    public boolean isDoneOrSynced() {
        return state == JobState.DONE || state == JobState.SYNCED;
    }

    /** This job with its schema state replaced (a DDL binlog in delete-only state overrides it, spec §3.4). */
    public Job withSchemaState(int s) {
        return new Job(id, type, schemaId, tableId, state, query, s, schemaVersion, dbInfo, tableInfo, finishedTs,
                multipleTableInfos);
    }

    @Override
    public String toString() {
        return "job " + id + " (" + ActionType.name(type) + ", schema version " + schemaVersion + ", table " + tableId
                + ", query '" + query + "')";
    }
}
