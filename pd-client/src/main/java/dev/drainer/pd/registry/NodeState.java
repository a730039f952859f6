package dev.drainer.pd.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A pump's or drainer's state in the registry, written as its lower-case name (tidb-binlog pkg/node). */
public enum NodeState {
    ONLINE,
    PAUSING,
    PAUSED,
    CLOSING,
    OFFLINE;

    /** The registry spelling: {@code online}, {@code pausing}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state spelled {@code s} in a record; anything else is rejected naming the value and the allowed ones. */
    public static NodeState fromWire(String s) {
        for (NodeState st : values()) {
            if (st.wireName().equals(s)) {
                return st;
            }
        }
        throw new IllegalArgumentException("state \"" + s + "\" is not one of "
                + Arrays.stream(values()).map(NodeState::wireName).collect(Collectors.joining(", ")));
    }
}
