package dev.drainer.bench;

import java.util.Arrays;
import java.util.List;

/** What a bench phase measures; the names are what {@code -only} takes. */
enum Phase {
    BASELINE("baseline", "raw JDBC multi-row INSERT sweep (insert-only rows)"),
    NO_RELAY("no-relay", "Pipeline (syncer, loader, checkpoint) without relay log"),
    RELAY_FSYNC_COMMIT("relay-fsync-commit", "Pipeline with relay log, fsync = \"commit\" (group commit per batch)"),
    RELAY_FSYNC_OFF("relay-fsync-off", "Pipeline with relay log, fsync = \"off\" (the Go drainer's behaviour)"),
    RECOVERY("recovery", "drainer recover: replay a consistent=false relay log in safe mode"),
    ONE_ROW("one-row", "Loader with one statement per row change (the Go drainer's SQL), reference");

    final String id;
    final String description;

    Phase(String id, String description) {
        this.id = id;
        this.description = description;
    }

    static List<String> ids() {
        return Arrays.stream(values()).map(p -> p.id).toList();
    }
}
