package dev.drainer.testkit.workload;

import java.util.List;

/**
 * The four tables every bench phase loads: narrow OLTP rows covering the key shapes a loader must
 * order correctly (integer primary key, primary key plus a nullable unique key, composite primary
 * key, unique key without a primary key). Shared by {@code drainer bench} and the loader's cost probe.
 */
public final class BenchTables {
    public static final int ORDERS = 0;
    public static final int ACCOUNTS = 1;
    public static final int LINE_ITEMS = 2;
    public static final int EVENTS = 3;
    public static final int COUNT = 4;

    private BenchTables() {
    }

    /** The table definitions in {@code schema}, indexed by the constants above. */
    public static List<TableDef> defs(String schema) {
        TableDef orders = new TableDef(schema, "orders", List.of(
                ColumnDef.of("id", ColumnType.BIGINT).notNull(),
                ColumnDef.of("customer_id", ColumnType.INT).notNull(),
                ColumnDef.sized("status", ColumnType.VARCHAR, 16).notNull(),
                ColumnDef.decimal("amount", 12, 2).notNull(),
                ColumnDef.of("qty", ColumnType.INT),
                ColumnDef.temporal("created_at", ColumnType.DATETIME, 6).notNull(),
                ColumnDef.sized("note", ColumnType.VARCHAR, 120)),
                primary("id"), List.of());
        TableDef accounts = new TableDef(schema, "accounts", List.of(
                ColumnDef.of("id", ColumnType.BIGINT).notNull(),
                ColumnDef.sized("email", ColumnType.VARCHAR, 64),
                ColumnDef.sized("name", ColumnType.VARCHAR, 64).notNull(),
                ColumnDef.decimal("balance", 16, 4).notNull(),
                ColumnDef.of("score", ColumnType.DOUBLE),
                ColumnDef.temporal("updated_at", ColumnType.DATETIME, 6).notNull()),
                primary("id"), List.of(new UniqueKey("uk_email", List.of("email"))));
        TableDef lineItems = new TableDef(schema, "line_items", List.of(
                ColumnDef.of("order_id", ColumnType.BIGINT).notNull(),
                ColumnDef.of("line", ColumnType.INT).notNull(),
                ColumnDef.sized("sku", ColumnType.VARCHAR, 32).notNull(),
                ColumnDef.decimal("price", 10, 2).notNull(),
                ColumnDef.of("qty", ColumnType.SMALLINT).notNull(),
                ColumnDef.sized("attrs", ColumnType.VARBINARY, 64)),
                primary("order_id", "line"), List.of());
        TableDef events = new TableDef(schema, "events", List.of(
                ColumnDef.sized("code", ColumnType.VARCHAR, 24).notNull(),
                ColumnDef.sized("kind", ColumnType.VARCHAR, 16).notNull(),
                ColumnDef.temporal("at", ColumnType.DATETIME, 6).notNull(),
                ColumnDef.of("seq", ColumnType.BIGINT).notNull(),
                ColumnDef.of("body", ColumnType.TEXT)),
                null, List.of(new UniqueKey("uk_code", List.of("code"))));
        return List.of(orders, accounts, lineItems, events);
    }

    private static UniqueKey primary(String... columns) {
        return new UniqueKey(UniqueKey.PRIMARY, List.of(columns));
    }
}
