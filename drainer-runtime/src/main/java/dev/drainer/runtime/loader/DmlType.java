package dev.drainer.runtime.loader;

/** The kind of a row change. */
public enum DmlType {
    INSERT, UPDATE, DELETE
}
