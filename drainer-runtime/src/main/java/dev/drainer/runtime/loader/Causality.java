package dev.drainer.runtime.loader;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Groups row changes that touch a common key so that they run on one worker, in order. A change
 * whose keys fall into groups of two different workers is a conflict: everything queued so far must
 * finish before it may run (spec 8.3). Groups of one worker do not conflict (the Go drainer flushes
 * there as well): that worker runs its changes in queue order, so the change simply follows them.
 *
 * @param <K> the key type; a group is named by its first key
 */
final class Causality<K> {
    private final Map<K, K> groupOf = new HashMap<>();
    private final ToIntFunction<K> workerOf;

    /** @param workerOf the worker a group's changes are routed to */
    Causality(ToIntFunction<K> workerOf) {
        this.workerOf = workerOf;
    }

    /** True when {@code keys} already belong to groups of two or more different workers. */
    boolean conflicts(List<K> keys) {
        K seen = null;
        for (K k : keys) {
            K g = groupOf.get(k);
            if (g != null) {
                if (seen != null && !seen.equals(g) && workerOf.applyAsInt(seen) != workerOf.applyAsInt(g)) {
                    return true;
                }
                seen = g;
            }
        }
        return false;
    }

    /** Adds {@code keys} and returns the group they now belong to. */
    K add(List<K> keys) {
        K group = null;
        for (K k : keys) {
            group = groupOf.get(k);
            if (group != null) {
                break;
            }
        }
        if (group == null) {
            group = keys.get(0);
        }
        for (K k : keys) {
            groupOf.put(k, group);
        }
        return group;
    }

    void reset() {
        groupOf.clear();
    }
}
