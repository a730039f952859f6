package dev.drainer.testkit.workload;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** The table layouts workloads use: four key shapes, each carrying one column of every supported type. */
public final class TableShapes {
    private TableShapes() {
    }

    /** How a table's rows are identified. */
    public enum Shape {
        /** {@code id INT} primary key. */
        INT_PK,
        /** {@code (k VARCHAR(32), n INT)} primary key. */
        COMPOSITE_PK,
        /** No primary key; {@code code VARCHAR(24) NOT NULL} unique key. */
        UNIQUE_ONLY,
        /** {@code id BIGINT} primary key plus unique keys {@code (email)} (nullable) and {@code (u_a, u_b)} (u_b nullable). */
        PK_AND_UNIQUE
    }

    /** Labels of the payload ENUM column (non-ASCII and a space included on purpose). */
    public static final List<String> ENUM_LABELS = List.of("a", "b", "c d", "\u00fc", "x-y");
    /** Labels of the payload SET column. */
    public static final List<String> SET_LABELS = List.of("x", "y", "z", "w");

    /** The shape of the i-th table (0-based): the four shapes in turn. */
    public static Shape shapeFor(int i) {
        return Shape.values()[i % Shape.values().length];
    }

    /** A table of the given shape with the key columns first, then {@link #payloadColumns()}. */
    public static TableDef table(Shape shape, String schema, String name) {
        List<ColumnDef> cols = new ArrayList<>();
        UniqueKey pk = null;
        List<UniqueKey> uks = new ArrayList<>();
        switch (shape) {
            case INT_PK -> {
                cols.add(ColumnDef.of("id", ColumnType.INT).notNull());
                pk = new UniqueKey(UniqueKey.PRIMARY, List.of("id"));
            }
            case COMPOSITE_PK -> {
                cols.add(ColumnDef.sized("k", ColumnType.VARCHAR, 32).notNull());
                cols.add(ColumnDef.of("n", ColumnType.INT).notNull());
                pk = new UniqueKey(UniqueKey.PRIMARY, List.of("k", "n"));
            }
            case UNIQUE_ONLY -> {
                cols.add(ColumnDef.sized("code", ColumnType.VARCHAR, 24).notNull());
                uks.add(new UniqueKey("uk_code", List.of("code")));
            }
            case PK_AND_UNIQUE -> {
                cols.add(ColumnDef.of("id", ColumnType.BIGINT).notNull());
                cols.add(ColumnDef.sized("email", ColumnType.VARCHAR, 64));
                cols.add(ColumnDef.sized("u_a", ColumnType.CHAR, 4).notNull());
                cols.add(ColumnDef.unsignedOf("u_b", ColumnType.INT));
                pk = new UniqueKey(UniqueKey.PRIMARY, List.of("id"));
                uks.add(new UniqueKey("uk_email", List.of("email")));
                uks.add(new UniqueKey("uk_pair", List.of("u_a", "u_b")));
            }
        }
        cols.addAll(payloadColumns());
        return new TableDef(schema, name, cols, pk, uks);
    }

    /** One column of every supported type (and of each fsp / signedness variant). */
    public static List<ColumnDef> payloadColumns() {
        List<ColumnDef> c = new ArrayList<>();
        for (ColumnType t : List.of(ColumnType.TINYINT, ColumnType.SMALLINT, ColumnType.MEDIUMINT, ColumnType.INT,
                ColumnType.BIGINT)) {
            String n = "c_" + t.tidbName();
            // One NOT NULL column with a default, so not every payload column is nullable.
            c.add(t == ColumnType.INT ? ColumnDef.of(n, t).notNull().withDefault(BigInteger.ZERO) : ColumnDef.of(n, t));
            c.add(ColumnDef.unsignedOf(n + "_u", t));
        }
        c.add(ColumnDef.of("c_float", ColumnType.FLOAT));
        c.add(ColumnDef.of("c_double", ColumnType.DOUBLE));
        c.add(ColumnDef.decimal("c_dec", 10, 2));
        c.add(ColumnDef.decimal("c_dec_big", 38, 19));
        c.add(ColumnDef.decimal("c_dec0", 5, 0));
        c.add(ColumnDef.of("c_date", ColumnType.DATE));
        c.add(ColumnDef.temporal("c_datetime", ColumnType.DATETIME, 0));
        c.add(ColumnDef.temporal("c_datetime6", ColumnType.DATETIME, 6));
        c.add(ColumnDef.temporal("c_ts", ColumnType.TIMESTAMP, 0));
        c.add(ColumnDef.temporal("c_ts6", ColumnType.TIMESTAMP, 6));
        c.add(ColumnDef.temporal("c_time", ColumnType.TIME, 0));
        c.add(ColumnDef.temporal("c_time3", ColumnType.TIME, 3));
        c.add(ColumnDef.temporal("c_time6", ColumnType.TIME, 6));
        c.add(ColumnDef.of("c_year", ColumnType.YEAR));
        c.add(ColumnDef.sized("c_char", ColumnType.CHAR, 10));
        c.add(ColumnDef.sized("c_varchar", ColumnType.VARCHAR, 100).notNull().withDefault(""));
        c.add(ColumnDef.of("c_text", ColumnType.TEXT));
        c.add(ColumnDef.sized("c_binary", ColumnType.BINARY, 8));
        c.add(ColumnDef.sized("c_varbinary", ColumnType.VARBINARY, 64));
        c.add(ColumnDef.of("c_blob", ColumnType.BLOB));
        c.add(ColumnDef.labelled("c_enum", ColumnType.ENUM, ENUM_LABELS));
        c.add(ColumnDef.labelled("c_set", ColumnType.SET, SET_LABELS));
        c.add(ColumnDef.sized("c_bit1", ColumnType.BIT, 1));
        c.add(ColumnDef.sized("c_bit13", ColumnType.BIT, 13));
        c.add(ColumnDef.sized("c_bit64", ColumnType.BIT, 64));
        c.add(ColumnDef.of("c_json", ColumnType.JSON));
        return c;
    }

    /** The k-th column a mid-stream ALTER TABLE ... ADD COLUMN adds (each with a default, or NULL). */
    public static ColumnDef addedColumn(int k, int defaultInt) {
        String p = "add" + k + "_";
        return switch (k % 8) {
            case 0 -> ColumnDef.of(p + "int", ColumnType.INT).notNull().withDefault(BigInteger.valueOf(defaultInt));
            case 1 -> ColumnDef.sized(p + "vc", ColumnType.VARCHAR, 32).withDefault("d\u20acf'q");
            case 2 -> ColumnDef.decimal(p + "dec", 12, 4).notNull().withDefault(new BigDecimal("1.5000"));
            case 3 -> ColumnDef.temporal(p + "dt", ColumnType.DATETIME, 6);
            case 4 -> ColumnDef.labelled(p + "enum", ColumnType.ENUM, List.of("p", "q", "r")).notNull().withDefault("q");
            case 5 -> ColumnDef.unsignedOf(p + "bigu", ColumnType.BIGINT).notNull()
                    .withDefault(new BigInteger("18446744073709551615"));
            case 6 -> ColumnDef.of(p + "date", ColumnType.DATE).withDefault(LocalDate.of(2020, 2, 29));
            default -> ColumnDef.sized(p + "bit", ColumnType.BIT, 10).notNull().withDefault(0b1010101010L);
        };
    }
}
