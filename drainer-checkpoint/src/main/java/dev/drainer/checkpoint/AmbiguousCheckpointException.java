package dev.drainer.checkpoint;

import java.util.List;
import java.util.stream.Collectors;

/** The table holds several rows and no cluster id says which one is meant. */
public final class AmbiguousCheckpointException extends CheckpointException {
    private final List<Long> clusterIds;

    public AmbiguousCheckpointException(String table, List<Long> clusterIds) {
        super(table + " holds " + clusterIds.size() + " rows (clusterID "
                + clusterIds.stream().map(Long::toUnsignedString).collect(Collectors.joining(", "))
                + "); name the one to use with -cluster-id");
        this.clusterIds = List.copyOf(clusterIds);
    }

    public List<Long> clusterIds() {
        return clusterIds;
    }
}
