package dev.drainer.runtime.loader;

import java.util.List;

/**
 * A row change restricted to the downstream's regular columns, with that table's metadata and its
 * causality keys (computed once, when the change is routed; the chunk planner's levels use them too).
 */
record BoundDml(Dml dml, TableInfo info, List<CausalityKey> keys) {
    /** {@code dml}, already restricted to the downstream columns, with the keys it has in {@code info}. */
    static BoundDml of(Dml dml, TableInfo info) {
        return new BoundDml(dml, info, CausalityKeys.of(dml, info));
    }
}
