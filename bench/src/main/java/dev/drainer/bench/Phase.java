package dev.drainer.bench;

import java.util.Arrays;
import java.util.List;

/** What a bench phase measures (see docs/benchmark.md); the ids are what {@code -only} takes. */
enum Phase {
    /** Raw JDBC multi-row INSERT sweep on the insert-only rows. */
    BASELINE("baseline"),
    /** Pipeline (syncer, loader, checkpoint) without relay log. */
    NO_RELAY("no-relay"),
    /** Pipeline with relay log, fsync = "commit" (group commit per batch). */
    RELAY_FSYNC_COMMIT("relay-fsync-commit"),
    /** Pipeline with relay log, fsync = "off" (the Go drainer's behaviour). */
    RELAY_FSYNC_OFF("relay-fsync-off"),
    /** drainer recover: replay a consistent=false relay log in safe mode. */
    RECOVERY("recovery"),
    /** The loader with one statement per row change (the Go drainer's SQL), for reference. */
    ONE_ROW("one-row");

    final String id;

    Phase(String id) {
        this.id = id;
    }

    static List<String> ids() {
        return Arrays.stream(values()).map(p -> p.id).toList();
    }
}
