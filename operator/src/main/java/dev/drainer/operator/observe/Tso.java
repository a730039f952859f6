package dev.drainer.operator.observe;

import java.time.Instant;

/** TiDB TSO arithmetic: the upper 46 bits are milliseconds since the epoch, the lower 18 a logical counter. */
public final class Tso {
    private static final int LOGICAL_BITS = 18;

    private Tso() {
    }

    /** The physical time of a TSO. */
    public static Instant physicalTime(long tso) {
        return Instant.ofEpochMilli(tso >>> LOGICAL_BITS);
    }

    /** The TSO of a physical time with logical part 0. */
    public static long of(Instant time) {
        return time.toEpochMilli() << LOGICAL_BITS;
    }
}
