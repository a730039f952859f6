package dev.drainer.testkit.workload;

/** The kind of one row change. */
public enum ChangeType { INSERT, UPDATE, DELETE }
