package dev.drainer.sim;

import dev.drainer.pd.proto.pdpb.Timestamp;

/**
 * Hands out strictly increasing PD timestamps from the wall clock, as PD's allocator does: physical
 * milliseconds plus a logical counter that restarts when the clock moves on.
 */
final class TsoAllocator {
    private static final long MAX_LOGICAL = 1L << 18;

    private long physical;
    private long logical;

    /** Reserves {@code count} timestamps; the answer carries the last one's logical, as PD's does. */
    synchronized Timestamp next(int count) {
        long now = System.currentTimeMillis();
        if (now > physical) {
            physical = now;
            logical = 0;
        }
        if (logical + count >= MAX_LOGICAL) {
            // PD waits for its next clock tick here; moving the physical part on keeps order the same way.
            physical++;
            logical = 0;
        }
        logical += count;
        return Timestamp.newBuilder().setPhysical(physical).setLogical(logical).build();
    }
}
