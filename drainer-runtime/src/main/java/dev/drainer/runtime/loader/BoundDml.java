package dev.drainer.runtime.loader;

/** A row change restricted to the downstream's regular columns, with that table's metadata. */
record BoundDml(Dml dml, TableInfo info) {
}
