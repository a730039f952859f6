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
    ONE_ROW("one-row"),
    /** Simulated TiDB upstream (3 pumps) fed live, {@code drainer run} in a child JVM, relay log off. */
    UPSTREAM_NO_RELAY("upstream-no-relay"),
    /** The same with the relay log on, fsync = "commit". */
    UPSTREAM_RELAY("upstream-relay"),
    /** Pumps pre-loaded with a backlog ({@code -backlog-mb}), then {@code drainer run} (relay on) catches up. */
    UPSTREAM_BACKLOG("upstream-backlog");

    /** The phases of the simulated upstream, on the insert workload only; {@code -only=upstream} selects them. */
    static final List<Phase> UPSTREAM = List.of(UPSTREAM_NO_RELAY, UPSTREAM_RELAY, UPSTREAM_BACKLOG);
    static final String UPSTREAM_GROUP = "upstream";
    /** The phases whose figures the targets judge (recovery: only on the insert workload). */
    private static final List<Phase> JUDGED = List.of(NO_RELAY, RELAY_FSYNC_COMMIT, RECOVERY, UPSTREAM_RELAY);

    final String id;

    Phase(String id) {
        this.id = id;
    }

    /** Whether the targets judge this phase on {@code workload}: then it runs {@code -repeats} rounds, else once. */
    boolean judgedOn(String workload) {
        return JUDGED.contains(this) && (this != RECOVERY || workload.equals("insert"));
    }

    static List<String> ids() {
        return Arrays.stream(values()).map(p -> p.id).toList();
    }
}
