package dev.drainer.operator.observe;

import dev.drainer.checkpoint.Checkpoint;
import dev.drainer.checkpoint.CheckpointException;
import dev.drainer.checkpoint.CheckpointStore;
import dev.drainer.checkpoint.MysqlEndpoint;
import dev.drainer.checkpoint.StoredCheckpoint;
import dev.drainer.checkpoint.TlsHandshakeException;
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
        try {
            MysqlEndpoint plain = new MysqlEndpoint(source.host(), source.port(), source.user(), source.password(),
                    timeout, timeout, List.of());
            // withTls checks the PEM files now: a bad certificate in the Secret fails here, naming the file.
            MysqlEndpoint endpoint = source.tls().map(t -> plain.withTls(t.files())).orElse(plain);
            try (CheckpointStore store = new CheckpointStore(endpoint, source.schema(), source.table())) {
                Optional<Checkpoint> cp = clusterId != null ? store.load(Long.parseUnsignedLong(clusterId))
                        : store.loadSingle().map(StoredCheckpoint::checkpoint);
                return cp.map(c -> CheckpointReading.found(c.commitTs(), c.consistent()))
                        .orElseGet(CheckpointReading::absent);
            }
        } catch (CheckpointException | RuntimeException e) {
            return CheckpointReading.failed("cannot read checkpoint from " + source + ": " + reason(e));
        }
    }

    /** The TLS refusal itself when there is one: it says what to fix, the wrappers around it only repeat it. */
    private static String reason(Exception e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof TlsHandshakeException) {
                return c.getMessage();
            }
        }
        return e.getMessage();
    }
}
