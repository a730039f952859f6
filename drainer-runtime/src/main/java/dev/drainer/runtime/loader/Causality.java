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
 */
final class Causality {
    private final Map<String, String> groupOf = new HashMap<>();
    private final ToIntFunction<String> workerOf;

    /** @param workerOf the worker a group's changes are routed to */
    Causality(ToIntFunction<String> workerOf) {
        this.workerOf = workerOf;
    }

    /** True when {@code keys} already belong to groups of two or more different workers. */
    boolean conflicts(List<String> keys) {
        String seen = null;
        for (String k : keys) {
            String g = groupOf.get(k);
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
    String add(List<String> keys) {
        String group = null;
        for (String k : keys) {
            group = groupOf.get(k);
            if (group != null) {
                break;
            }
        }
        if (group == null) {
            group = keys.get(0);
        }
        for (String k : keys) {
            groupOf.put(k, group);
        }
        return group;
    }

    void reset() {
        groupOf.clear();
    }
}
