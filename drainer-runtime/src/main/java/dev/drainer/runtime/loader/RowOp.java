package dev.drainer.runtime.loader;

/**
 * One statement's worth of a row change: a write of the new image, a delete by the old image, or
 * (outside safe mode) an UPDATE of the old row to the new image.
 *
 * @param image the values written (INSERT, REPLACE) or the row identified (DELETE, UPDATE's old image)
 */
record RowOp(Kind kind, Dml dml, RowImage image) {
    /** The statement verb; also the order inside one merge level: deletes, then updates, then writes. */
    enum Kind {
        DELETE, UPDATE, INSERT, REPLACE
    }
}
