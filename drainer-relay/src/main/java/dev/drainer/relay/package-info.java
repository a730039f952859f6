/**
 * The drainer relay log: a directory of {@code binlog-%016d-YYYYMMDDhhmmss} files holding one framed record per
 * transaction, byte-compatible with the Go TiDB-Binlog drainer ({@code pkg/binlogfile}).
 *
 * <ul>
 *   <li>{@link dev.drainer.relay.RelayWriter} — append, rotation, group-commit fsync, GC, torn-tail repair.</li>
 *   <li>{@link dev.drainer.relay.RelayReader} — ordered read-back for recovery with the Go error rules.</li>
 *   <li>{@link dev.drainer.relay.RelayInspector} / {@link dev.drainer.relay.RelayReport} — read-only verification
 *       for {@code drainer relay}.</li>
 *   <li>{@link dev.drainer.relay.RelayFraming}, {@link dev.drainer.relay.RelayFileName} — the on-disk format.</li>
 *   <li>{@link dev.drainer.relay.RelayOptions}, {@link dev.drainer.relay.RelayStats},
 *       {@link dev.drainer.relay.FsyncPolicy} — configuration and metrics.</li>
 * </ul>
 * Logging goes to the {@code dev.drainer.relay} {@link java.lang.System.Logger} as {@code key=value} text.
 * See {@code docs/relay-log.md}.
 */
package dev.drainer.relay;
