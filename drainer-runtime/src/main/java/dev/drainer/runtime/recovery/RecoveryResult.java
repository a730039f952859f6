package dev.drainer.runtime.recovery;

/**
 * What a recovery did.
 *
 * @param recovered   false: nothing to do (no checkpoint row, or already consistent)
 * @param reason      a sentence for the log and the operator
 * @param clusterId   the checkpoint row used (0 when there was none)
 * @param commitTs    the commit ts at which the downstream is now consistent
 * @param txns        relay transactions replayed
 * @param relayBytes  relay payload bytes read
 */
public record RecoveryResult(boolean recovered, String reason, long clusterId, long commitTs, long txns,
                             long relayBytes) {
}
