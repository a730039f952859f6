package dev.drainer.pd.registry;

/** What {@link Registry#markOffline} found and did. */
public enum MarkOfflineResult {
    /** The record was rewritten with state {@code offline}. */
    MARKED,
    /** The record already said {@code offline}; nothing was written. */
    ALREADY_OFFLINE,
    /** No record for that node id; nothing was written. */
    NOT_REGISTERED
}
