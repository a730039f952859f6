package dev.drainer.runtime.schema;

/** A database ({@code model.DBInfo}: {@code id}, {@code db_name.O}). */
public record DbInfo(long id, String name) {
}
