package dev.drainer.pd;

/** How a key's current mod revision must relate to a given revision for a conditional put to apply (etcd Compare.CompareResult). */
public enum RevisionCompare {
    EQUAL,
    GREATER,
    LESS,
    NOT_EQUAL
}
