package dev.drainer.runtime.codec;

import java.util.List;

/**
 * A column's TiDB type ({@code types.FieldType}, JSON keys {@code Tp, Flag, Flen, Decimal, Charset,
 * Collate, Elems}): what the decoder needs to turn a flattened datum back into a value.
 */
public record FieldType(int tp, int flag, int flen, int decimal, String charset, String collate, List<String> elems) {
    public static final int TYPE_DECIMAL_OLD = 0;
    public static final int TYPE_TINY = 1;
    public static final int TYPE_SHORT = 2;
    public static final int TYPE_LONG = 3;
    public static final int TYPE_FLOAT = 4;
    public static final int TYPE_DOUBLE = 5;
    public static final int TYPE_NULL = 6;
    public static final int TYPE_TIMESTAMP = 7;
    public static final int TYPE_LONGLONG = 8;
    public static final int TYPE_INT24 = 9;
    public static final int TYPE_DATE = 10;
    public static final int TYPE_DURATION = 11;
    public static final int TYPE_DATETIME = 12;
    public static final int TYPE_YEAR = 13;
    public static final int TYPE_NEWDATE = 14;
    public static final int TYPE_VARCHAR = 15;
    public static final int TYPE_BIT = 16;
    public static final int TYPE_JSON = 0xF5;
    public static final int TYPE_NEWDECIMAL = 0xF6;
    public static final int TYPE_ENUM = 0xF7;
    public static final int TYPE_SET = 0xF8;
    public static final int TYPE_TINY_BLOB = 0xF9;
    public static final int TYPE_MEDIUM_BLOB = 0xFA;
    public static final int TYPE_LONG_BLOB = 0xFB;
    public static final int TYPE_BLOB = 0xFC;
    public static final int TYPE_VAR_STRING = 0xFD;
    public static final int TYPE_STRING = 0xFE;
    public static final int TYPE_GEOMETRY = 0xFF;

    public static final int FLAG_NOT_NULL = 1;
    public static final int FLAG_PRI_KEY = 2;
    public static final int FLAG_UNIQUE_KEY = 4;
    public static final int FLAG_UNSIGNED = 32;

    public FieldType {
        charset = charset == null ? "" : charset;
        collate = collate == null ? "" : collate;
        elems = elems == null ? List.of() : List.copyOf(elems);
    }

    public boolean unsigned() {
        return (flag & FLAG_UNSIGNED) != 0;
    }

    public boolean notNull() {
        return (flag & FLAG_NOT_NULL) != 0;
    }

    public boolean primaryKey() {
        return (flag & FLAG_PRI_KEY) != 0;
    }

    public boolean binaryCharset() {
        return "binary".equals(charset);
    }

    /**
     * TiDB's {@code types.TypeToStr(tp, charset)}: the secondary binlog's {@code mysql_type}, with "text"
     * becoming "blob" and "char" becoming "binary" for the binary charset.
     */
    public String typeName() {
        String s = switch (tp) {
            case TYPE_BIT -> "bit";
            case TYPE_BLOB -> "text";
            case TYPE_DATE, TYPE_NEWDATE -> "date";
            case TYPE_DATETIME -> "datetime";
            case TYPE_DECIMAL_OLD -> "unspecified";
            case TYPE_NEWDECIMAL -> "decimal";
            case TYPE_DOUBLE -> "double";
            case TYPE_ENUM -> "enum";
            case TYPE_FLOAT -> "float";
            case TYPE_GEOMETRY -> "geometry";
            case TYPE_INT24 -> "mediumint";
            case TYPE_JSON -> "json";
            case TYPE_LONG -> "int";
            case TYPE_LONGLONG -> "bigint";
            case TYPE_LONG_BLOB -> "longtext";
            case TYPE_MEDIUM_BLOB -> "mediumtext";
            case TYPE_NULL -> "null";
            case TYPE_SET -> "set";
            case TYPE_SHORT -> "smallint";
            case TYPE_STRING -> "char";
            case TYPE_DURATION -> "time";
            case TYPE_TIMESTAMP -> "timestamp";
            case TYPE_TINY -> "tinyint";
            case TYPE_TINY_BLOB -> "tinytext";
            case TYPE_VARCHAR -> "varchar";
            case TYPE_VAR_STRING -> "var_string";
            case TYPE_YEAR -> "year";
            default -> throw new CodecException("unknown column type code " + tp);
        };
        if (!binaryCharset()) {
            return s;
        }
        if (isBlob()) {
            return s.replaceFirst("text", "blob");
        }
        if (tp == TYPE_STRING || tp == TYPE_VARCHAR) {
            return s.replaceFirst("char", "binary");
        }
        return s;
    }

    public boolean isBlob() {
        return tp == TYPE_TINY_BLOB || tp == TYPE_MEDIUM_BLOB || tp == TYPE_LONG_BLOB || tp == TYPE_BLOB;
    }

    /** String types whose values are text, not bytes. */
    public boolean isText() {
        return (tp == TYPE_VARCHAR || tp == TYPE_VAR_STRING || tp == TYPE_STRING || isBlob()) && !binaryCharset();
    }

    /** String types whose values are bytes (binary charset). */
    public boolean isBinaryString() {
        return (tp == TYPE_VARCHAR || tp == TYPE_VAR_STRING || tp == TYPE_STRING || isBlob()) && binaryCharset();
    }
}
