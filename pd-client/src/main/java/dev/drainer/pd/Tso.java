package dev.drainer.pd;

/** PD timestamps: {@code physical milliseconds << 18 | logical}, as TiDB and the drainer store them. */
public final class Tso {
    /** Bits of the logical counter below the physical milliseconds. */
    public static final int LOGICAL_BITS = 18;

    private Tso() {
    }

    /** The composed timestamp of a PD {@code (physical, logical)} pair. */
    public static long compose(long physicalMillis, long logical) {
        return (physicalMillis << LOGICAL_BITS) + logical;
    }
}
