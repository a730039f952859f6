package dev.drainer.runtime.loader;

/** A schema change bound for the downstream; {@code database} may be empty for CREATE DATABASE. */
public record Ddl(String database, String table, String sql) {
}
