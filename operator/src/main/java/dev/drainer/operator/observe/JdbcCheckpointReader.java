package dev.drainer.operator.observe;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointException;
import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.checkpoint.MysqlEndpoint;
import dev.drainer.checkpoint.StoredCheckpoint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads the checkpoint with drainer-checkpoint over JDBC, with short timeouts so a slow downstream cannot stall. */
public final class JdbcCheckpointReader implements CheckpointReader {
    private final Duration timeout;

    public JdbcCheckpointReader(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public CheckpointReading read(CheckpointSource source, String clusterId) {
        MysqlEndpoint endpoint = new MysqlEndpoint(source.host(), source.port(), source.user(), source.password(),
                timeout, timeout, List.of());
        CheckpointStore store = new CheckpointStore(endpoint, source.schema(), source.table());
        try {
            Optional<Checkpoint> cp = clusterId != null ? store.load(Long.parseUnsignedLong(clusterId))
                    : store.loadSingle().map(StoredCheckpoint::checkpoint);
            return cp.map(c -> CheckpointReading.found(c.commitTs(), c.consistent()))
                    .orElseGet(CheckpointReading::absent);
        } catch (CheckpointException | RuntimeException e) {
            return CheckpointReading.failed("cannot read checkpoint from " + source + ": " + e.getMessage());
        }
    }
}
