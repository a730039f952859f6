package dev.drainer.operator.control;

import dev.drainer.operator.observe.SecretTls;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Marks a drainer node offline in the TiDB Binlog registry in PD's etcd (binlogctl update-drainer -state offline). */
public interface NodeOffliner {
    /**
     * What was found and done, e.g. "MARKED"; throws when PD cannot be reached.
     *
     * @param tls the files of {@code spec.pd.tls}; empty: plaintext
     */
    String markOffline(List<String> pdEndpoints, Optional<SecretTls> tls, String nodeId, Duration timeout)
            throws Exception;
}
