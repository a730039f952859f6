package dev.drainer.bench;

/**
 * What an upstream phase measures besides rows/s.
 *
 * @param lag            checkpoint lag while the feed ran and the drainer caught up; null for the backlog phase
 * @param feedSeconds    how long the feed took to store every binlog in the pumps
 * @param fedBytes       serialized binlog bytes the pumps were fed
 * @param drainerPeakRss the {@code drainer run} child's peak resident set (VmHWM) in bytes, -1 if unknown
 * @param drainerXmx     its {@code -Xmx}
 */
record UpstreamFigures(LagStats lag, double feedSeconds, long fedBytes, long drainerPeakRss, String drainerXmx) {
}
