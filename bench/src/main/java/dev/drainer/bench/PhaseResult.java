package dev.drainer.bench;

import java.util.List;

/**
 * One measured phase.
 *
 * @param workload   {@code insert} or {@code mixed}
 * @param phase      one of {@link Phase}'s names
 * @param rows       row changes applied
 * @param seconds    wall time of the measured part
 * @param relayBytes relay payload bytes read (recovery), else 0
 * @param note       what the reader must know about the figure (e.g. it ran on a subset), or empty
 * @param checks     the correctness checks that ran
 * @param problems   what they found wrong (empty: verified)
 * @param upstream   lag and the drainer process's memory of an upstream phase, else null
 */
record PhaseResult(String workload, Phase phase, long rows, double seconds, long relayBytes, String note, String checks,
                   List<String> problems, UpstreamFigures upstream) {
    /** A phase without a simulated upstream. */
    PhaseResult(String workload, Phase phase, long rows, double seconds, long relayBytes, String note, String checks,
                List<String> problems) {
        this(workload, phase, rows, seconds, relayBytes, note, checks, problems, null);
    }

    double rowsPerSec() {
        return rows / seconds;
    }

    double relayMegabytesPerSec() {
        return relayBytes / 1e6 / seconds;
    }

    boolean verified() {
        return problems.isEmpty();
    }
}
