package dev.drainer.runtime.schema;

import dev.drainer.runtime.codec.FieldType;

/**
 * A column of a {@link TableInfo} (TiDB {@code model.ColumnInfo}, the fields the drainer uses).
 *
 * @param originDefault    {@code origin_default} as text (the value rows written before the column
 *                         existed take), null for none
 * @param originDefaultBit {@code origin_default_bit}: the BIT default's bytes, null for none
 * @param generatedExpr    {@code generated_expr_string}, empty for a regular column
 * @param state            {@code state}, see {@link SchemaState}
 */
public record ColumnInfo(long id, String name, int offset, String originDefault, byte[] originDefaultBit,
                         String generatedExpr, boolean generatedStored, FieldType type, int state) {
    public boolean isGenerated() {
        return generatedExpr != null && !generatedExpr.isEmpty();
    }

    public boolean isPublic() {
        return state == SchemaState.PUBLIC;
    }
}
