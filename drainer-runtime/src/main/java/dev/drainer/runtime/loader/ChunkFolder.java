package dev.drainer.runtime.loader;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds the changes of one row inside a chunk into one change, as the Go drainer's {@code merge} mode
 * folds by primary key (spec 8.3): insert then update → insert of the new image; update then update →
 * one update from the first old image to the last new one; insert or update then delete → delete of the
 * row as it was before the chunk. A chunk is one downstream transaction, so nobody sees the steps in
 * between; on a downstream that held the chunk's starting rows the folded change leaves the same rows.
 *
 * <p>A change folds into the row's earlier change only when no change between them shares a
 * causality key with either (an email taken in between, a key freed in between): then the later change
 * commutes with everything between, and moving it next to the earlier one changes nothing. A delete
 * followed by an insert of the same key is not folded (outside safe mode only a REPLACE could say
 * that, and REPLACE resets columns the downstream alone has). Rows without a usable unique key are not
 * folded.
 */
final class ChunkFolder {
    private ChunkFolder() {
    }

    /** The chunk's changes with each row's consecutive changes folded; the chunk itself when nothing folds. */
    static List<BoundDml> fold(List<BoundDml> chunk) {
        if (!foldable(chunk)) {
            return chunk;
        }
        List<BoundDml> out = new ArrayList<>(chunk);
        // Index in out of the change that last touched a key, and of the change whose resulting row has an identity.
        Map<CausalityKey, Integer> lastTouch = new HashMap<>();
        Map<CausalityKey, Integer> rowOwner = new HashMap<>();
        boolean folded = false;
        for (int i = 0; i < out.size(); i++) {
            BoundDml b = out.get(i);
            Dml d = b.dml();
            CausalityKey before = d.type() == DmlType.INSERT ? null
                    : identity(d.type() == DmlType.UPDATE ? d.oldValues() : d.values(), b);
            Integer owner = before == null ? null : rowOwner.get(before);
            // Where the change's effect now stands: folded into the row's earlier change, or at its own place.
            int at = i;
            BoundDml result = b;
            if (owner != null && untouchedSince(owner, out.get(owner).keys(), lastTouch)
                    && untouchedSince(owner, b.keys(), lastTouch)) {
                result = merge(out.get(owner), b);
                out.set(owner, result);
                out.set(i, null);
                folded = true;
                at = owner;
            }
            for (CausalityKey k : result.keys()) {
                lastTouch.put(k, at);
            }
            if (before != null) {
                rowOwner.remove(before);
            }
            if (result.dml().type() != DmlType.DELETE) {
                CausalityKey after = identity(result.dml().values(), result);
                if (after != null) {
                    rowOwner.put(after, at);
                }
            }
        }
        if (!folded) {
            return chunk;
        }
        List<BoundDml> kept = new ArrayList<>(out.size());
        for (BoundDml b : out) {
            if (b != null) {
                kept.add(b);
            }
        }
        return kept;
    }

    /** Only an update or a delete folds into an earlier change; an insert-only chunk (a bulk load) costs one pass. */
    private static boolean foldable(List<BoundDml> chunk) {
        for (int i = 1; i < chunk.size(); i++) {
            if (chunk.get(i).dml().type() != DmlType.INSERT) {
                return true;
            }
        }
        return false;
    }

    private static boolean untouchedSince(int owner, List<CausalityKey> keys, Map<CausalityKey, Integer> lastTouch) {
        for (CausalityKey k : keys) {
            Integer t = lastTouch.get(k);
            if (t != null && t != owner) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code earlier} (an insert or an update) followed by {@code later} (an update or a delete) of the row it left;
     * the keys are both changes' keys, so later changes of the chunk stay ordered after either.
     */
    private static BoundDml merge(BoundDml earlier, BoundDml later) {
        Dml e = earlier.dml();
        Dml l = later.dml();
        Dml merged;
        if (l.type() == DmlType.UPDATE) {
            merged = e.type() == DmlType.INSERT
                    ? new Dml(l.database(), l.table(), DmlType.INSERT, l.values(), RowImage.empty())
                    : new Dml(l.database(), l.table(), DmlType.UPDATE, l.values(), e.oldValues());
        } else {
            merged = new Dml(l.database(), l.table(), DmlType.DELETE,
                    e.type() == DmlType.UPDATE ? e.oldValues() : l.values(), RowImage.empty());
        }
        List<CausalityKey> keys = new ArrayList<>(earlier.keys().size() + later.keys().size());
        keys.addAll(earlier.keys());
        keys.addAll(later.keys());
        return new BoundDml(merged, earlier.info(), keys);
    }

    /** The row's identity: its first unique key whose columns are all non-NULL (what a DELETE selects by); null if none. */
    private static CausalityKey identity(RowImage image, BoundDml change) {
        List<String> key = SqlBuilder.usableKey(image, change.info());
        if (key == null) {
            return null;
        }
        Object[] values = new Object[key.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = image.get(key.get(i));
        }
        return CausalityKey.unique(change.dml().quotedTable(), key, values);
    }
}
