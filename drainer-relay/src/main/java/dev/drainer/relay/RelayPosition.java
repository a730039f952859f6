package dev.drainer.relay;

/**
 * The position of one relay record: the index of the file that holds it ({@code suffix}, the 16-digit number
 * in the file name) and the <em>end</em> offset of the record in that file (Go {@code binlogfile.Pos}).
 *
 * <p>Positions are ordered by suffix, then offset. A position is what {@link RelayWriter#append(byte[])}
 * returns and what {@link RelayWriter#gc(RelayPosition)} expects.
 */
public record RelayPosition(long suffix, long offset) implements Comparable<RelayPosition> {

    public RelayPosition {
        if (suffix < 0) {
            throw new IllegalArgumentException("suffix must be >= 0: " + suffix);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0: " + offset);
        }
    }

    @Override
    public int compareTo(RelayPosition o) {
        int c = Long.compare(suffix, o.suffix);
        return c != 0 ? c : Long.compare(offset, o.offset);
    }

    @Override
    public String toString() {
        return "suffix=" + suffix + " offset=" + offset;
    }
}
