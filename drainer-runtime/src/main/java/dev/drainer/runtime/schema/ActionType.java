package dev.drainer.runtime.schema;

import java.util.Map;
import java.util.Set;

/** TiDB {@code model.ActionType} values the tracker treats specially, and names for messages. */
public final class ActionType {
    public static final int CREATE_SCHEMA = 1;
    public static final int DROP_SCHEMA = 2;
    public static final int CREATE_TABLE = 3;
    public static final int DROP_TABLE = 4;
    public static final int ADD_COLUMN = 5;
    public static final int DROP_COLUMN = 6;
    public static final int ADD_INDEX = 7;
    public static final int DROP_INDEX = 8;
    public static final int TRUNCATE_TABLE = 11;
    public static final int MODIFY_COLUMN = 12;
    public static final int RENAME_TABLE = 14;
    public static final int CREATE_VIEW = 21;
    public static final int DROP_VIEW = 24;
    public static final int RECOVER_TABLE = 25;
    public static final int MODIFY_SCHEMA_CHARSET_AND_COLLATE = 26;
    public static final int LOCK_TABLE = 27;
    public static final int UNLOCK_TABLE = 28;
    public static final int UPDATE_TIFLASH_REPLICA_STATUS = 31;
    public static final int CREATE_SEQUENCE = 34;
    public static final int DROP_SEQUENCE = 36;
    public static final int ALTER_TABLE_ATTRIBUTES = 49;
    public static final int ALTER_TABLE_PARTITION_ATTRIBUTES = 50;
    public static final int CREATE_PLACEMENT_POLICY = 51;
    public static final int ALTER_PLACEMENT_POLICY = 52;
    public static final int DROP_PLACEMENT_POLICY = 53;
    public static final int ALTER_TABLE_PARTITION_PLACEMENT = 54;
    public static final int MODIFY_SCHEMA_DEFAULT_PLACEMENT = 55;
    public static final int ALTER_TABLE_PLACEMENT = 56;
    public static final int ALTER_CACHE_TABLE = 57;
    public static final int ALTER_NO_CACHE_TABLE = 59;
    public static final int CREATE_TABLES = 60;
    /** Resource-group jobs of TiDB 6.6+/7.x (create, alter, drop). */
    public static final Set<Integer> RESOURCE_GROUP = Set.of(68, 69, 70);

    private static final Set<Integer> UNSUPPORTED = Set.of(UPDATE_TIFLASH_REPLICA_STATUS, LOCK_TABLE, UNLOCK_TABLE,
            ALTER_CACHE_TABLE, ALTER_NO_CACHE_TABLE, ALTER_TABLE_ATTRIBUTES, ALTER_TABLE_PARTITION_ATTRIBUTES,
            CREATE_PLACEMENT_POLICY, ALTER_PLACEMENT_POLICY, DROP_PLACEMENT_POLICY, ALTER_TABLE_PARTITION_PLACEMENT,
            MODIFY_SCHEMA_DEFAULT_PLACEMENT, ALTER_TABLE_PLACEMENT);

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(CREATE_SCHEMA, "create schema"), Map.entry(DROP_SCHEMA, "drop schema"),
            Map.entry(CREATE_TABLE, "create table"), Map.entry(DROP_TABLE, "drop table"),
            Map.entry(ADD_COLUMN, "add column"), Map.entry(DROP_COLUMN, "drop column"),
            Map.entry(ADD_INDEX, "add index"), Map.entry(DROP_INDEX, "drop index"),
            Map.entry(TRUNCATE_TABLE, "truncate table"), Map.entry(MODIFY_COLUMN, "modify column"),
            Map.entry(RENAME_TABLE, "rename table"), Map.entry(CREATE_VIEW, "create view"),
            Map.entry(DROP_VIEW, "drop view"), Map.entry(RECOVER_TABLE, "recover table"),
            Map.entry(CREATE_SEQUENCE, "create sequence"), Map.entry(DROP_SEQUENCE, "drop sequence"),
            Map.entry(CREATE_TABLES, "create tables"));

    private ActionType() {
    }

    /** Job types the Go drainer leaves unapplied and never sends downstream (spec §3.3). */
    public static boolean unsupported(int type) {
        return UNSUPPORTED.contains(type) || RESOURCE_GROUP.contains(type);
    }

    public static String name(int type) {
        return NAMES.getOrDefault(type, "action " + type);
    }
}
