package dev.drainer.runtime.loader;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups row changes that touch a common key so that they run on one worker, in order. A change
 * whose keys fall into two different groups is a conflict: everything queued so far must finish
 * before it may run (spec 8.3).
 */
final class Causality {
    private final Map<String, String> groupOf = new HashMap<>();

    /** True when {@code keys} already belong to two or more different groups. */
    boolean conflicts(List<String> keys) {
        String seen = null;
        for (String k : keys) {
            String g = groupOf.get(k);
            if (g != null) {
                if (seen != null && !seen.equals(g)) {
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
