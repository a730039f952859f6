package dev.drainer.runtime.merge;

/** Thrown to a producer whose source was removed from the merge (or the merge closed) while it offered an item. */
public final class SourceRemovedException extends Exception {
    public SourceRemovedException(String sourceId) {
        super("merge source " + sourceId + " was removed");
    }
}
