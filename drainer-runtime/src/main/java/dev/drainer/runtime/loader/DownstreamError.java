package dev.drainer.runtime.loader;

import dev.drainer.checkpoint.ConnectionLoss;
import java.sql.SQLException;
import java.util.Set;

/**
 * What a refused statement means for the chunk that sent it (docs/loader.md, "Errors"): the
 * connection is gone (reconnect, run the chunk again), a transient refusal (run it again after the
 * backoff), or a deterministic one that every further attempt would meet again (fail now).
 */
enum DownstreamError {
    CONNECTION_LOST, TRANSIENT, DETERMINISTIC;

    /**
     * Refusals that depend only on the statement and the table's definition: the same rows fail the
     * same way on every attempt.
     */
    private static final Set<Integer> DETERMINISTIC_CODES = Set.of(
            1048, // column cannot be null
            1049, // unknown database
            1054, // unknown column
            1062, // duplicate entry (an INSERT of a row that exists, or an UPDATE onto a taken unique value)
            1064, // syntax error
            1110, // column specified twice
            1136, // column count does not match value count
            1146, // table does not exist
            1264, // out of range value
            1265, // data truncated
            1292, // incorrect date/time/number value
            1364, // field has no default value
            1366, // incorrect value for column (e.g. charset)
            1406, // data too long
            1690, // value out of range in an expression
            3140, // MySQL: invalid JSON text
            4025, // MariaDB: CHECK constraint failed
            4038); // MariaDB: syntax error in JSON text

    /** Deadlock (1213) and lock wait timeout (1205): the other transaction is gone by now, retry soon. */
    private static final Set<Integer> LOCK_CONFLICT_CODES = Set.of(1205, 1213);

    /** True for a refusal that only lost a lock race: retried after a short pause, not the full back-off. */
    static boolean lockConflict(SQLException e) {
        return LOCK_CONFLICT_CODES.contains(e.getErrorCode());
    }

    static DownstreamError of(SQLException e) {
        if (ConnectionLoss.of(e)) {
            return CONNECTION_LOST;
        }
        return DETERMINISTIC_CODES.contains(e.getErrorCode()) ? DETERMINISTIC : TRANSIENT;
    }
}
