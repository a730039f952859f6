package dev.drainer.testkit.workload;

/** TiDB's FieldType facts for a model column: the display length and decimals TiDB records for it. */
public final class TidbTypes {
    /** JSON's Flen in TiDB's TableInfo: the LONGBLOB length. */
    public static final long JSON_FLEN = 4294967295L;

    private TidbTypes() {
    }

    /** TiDB's display length (its defaults for types declared without one). */
    public static long flen(ColumnDef c) {
        return switch (c.type()) {
            case TINYINT -> c.unsigned() ? 3 : 4;
            case SMALLINT -> c.unsigned() ? 5 : 6;
            case MEDIUMINT -> c.unsigned() ? 8 : 9;
            case INT -> c.unsigned() ? 10 : 11;
            case BIGINT -> 20;
            case FLOAT -> 12;
            case DOUBLE -> 22;
            case DECIMAL, CHAR, VARCHAR, BINARY, VARBINARY, BIT -> c.length();
            case DATE -> 10;
            case DATETIME, TIMESTAMP -> 19 + (c.fsp() > 0 ? c.fsp() + 1 : 0);
            case TIME -> 10 + (c.fsp() > 0 ? c.fsp() + 1 : 0);
            case YEAR -> 4;
            case TEXT, BLOB -> 65535;
            case ENUM -> c.elements().stream().mapToInt(String::length).max().orElse(0);
            case SET -> c.elements().stream().mapToInt(String::length).sum() + Math.max(0, c.elements().size() - 1);
            case JSON -> JSON_FLEN;
        };
    }

    /** TiDB's decimal: scale / fsp, -1 (unspecified) for FLOAT and DOUBLE, else 0. */
    public static int decimal(ColumnDef c) {
        return switch (c.type()) {
            case DECIMAL, DATETIME, TIMESTAMP, TIME -> c.scale();
            case FLOAT, DOUBLE -> -1;
            default -> 0;
        };
    }
}
