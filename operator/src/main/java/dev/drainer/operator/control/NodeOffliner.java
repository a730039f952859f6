package dev.drainer.operator.control;

import java.time.Duration;
import java.util.List;

/** Marks a drainer node offline in the TiDB Binlog registry in PD's etcd (binlogctl update-drainer -state offline). */
public interface NodeOffliner {
    /** What was found and done, e.g. "MARKED"; throws when PD cannot be reached. */
    String markOffline(List<String> pdEndpoints, String nodeId, Duration timeout) throws Exception;
}
