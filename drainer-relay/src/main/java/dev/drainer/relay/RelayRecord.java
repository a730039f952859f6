package dev.drainer.relay;

/**
 * One record read back from the relay directory.
 *
 * @param pos      the record's position: file index and <em>end</em> offset (same value the writer returned)
 * @param fileName the data file that holds it
 * @param offset   the <em>start</em> offset of the record (its magic) in that file
 * @param payload  the payload bytes (a serialized {@code slave.binlog.Binlog} for drainer relay logs)
 */
public record RelayRecord(RelayPosition pos, String fileName, long offset, byte[] payload) {
}
