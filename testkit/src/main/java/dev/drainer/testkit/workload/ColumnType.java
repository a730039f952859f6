package dev.drainer.testkit.workload;

/**
 * The MySQL column types a workload uses, with the lower-case name TiDB prints for each and the
 * Java class the model holds its values in.
 *
 * <p>Model values are canonical so that {@code equals} is meaningful: every integer type is a
 * {@link java.math.BigInteger} (BIGINT UNSIGNED exceeds {@code long}); FLOAT a {@link Float};
 * DOUBLE a {@link Double}; DECIMAL a {@link java.math.BigDecimal} at the column's scale; DATE a
 * {@link java.time.LocalDate}; DATETIME and TIMESTAMP a {@link java.time.LocalDateTime} (TIMESTAMP as
 * seen from UTC); TIME a {@link java.time.Duration}; YEAR an {@link Integer}; CHAR, VARCHAR, TEXT,
 * ENUM (the label) and SET (labels in definition order, comma-joined) a {@link String}; BINARY,
 * VARBINARY and BLOB a {@link com.google.protobuf.ByteString}; BIT a {@link Long} holding the bits;
 * JSON a {@link String} in the canonical form of {@link JsonText#canonical(String)}. SQL NULL is
 * {@code null}.
 */
public enum ColumnType {
    TINYINT("tinyint", Category.INTEGER),
    SMALLINT("smallint", Category.INTEGER),
    MEDIUMINT("mediumint", Category.INTEGER),
    INT("int", Category.INTEGER),
    BIGINT("bigint", Category.INTEGER),
    FLOAT("float", Category.FLOAT),
    DOUBLE("double", Category.FLOAT),
    DECIMAL("decimal", Category.DECIMAL),
    DATE("date", Category.TEMPORAL),
    DATETIME("datetime", Category.TEMPORAL),
    TIMESTAMP("timestamp", Category.TEMPORAL),
    TIME("time", Category.TEMPORAL),
    YEAR("year", Category.TEMPORAL),
    CHAR("char", Category.TEXT),
    VARCHAR("varchar", Category.TEXT),
    TEXT("text", Category.TEXT),
    BINARY("binary", Category.BYTES),
    VARBINARY("varbinary", Category.BYTES),
    BLOB("blob", Category.BYTES),
    ENUM("enum", Category.ENUM_SET),
    SET("set", Category.ENUM_SET),
    BIT("bit", Category.BIT),
    JSON("json", Category.JSON);

    /** Groups of types that share a value representation. */
    public enum Category { INTEGER, FLOAT, DECIMAL, TEMPORAL, TEXT, BYTES, ENUM_SET, BIT, JSON }

    private final String tidbName;
    private final Category category;

    ColumnType(String tidbName, Category category) {
        this.tidbName = tidbName;
        this.category = category;
    }

    /** The lower-case name TiDB's {@code types.TypeToStr} gives (the secondary binlog's {@code mysql_type}). */
    public String tidbName() {
        return tidbName;
    }

    public Category category() {
        return category;
    }
}
