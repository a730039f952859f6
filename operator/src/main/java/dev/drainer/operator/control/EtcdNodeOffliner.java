package dev.drainer.operator.control;

import dev.drainer.pd.PdClient;
import dev.drainer.pd.registry.Registry;
import java.time.Duration;
import java.util.List;

/** Rewrites the drainer's registry record with state offline through PD's embedded etcd. */
public final class EtcdNodeOffliner implements NodeOffliner {
    @Override
    public String markOffline(List<String> pdEndpoints, String nodeId, Duration timeout) throws Exception {
        try (PdClient client = PdClient.forUrls(String.join(",", pdEndpoints))) {
            return new Registry(client.etcd(timeout)).markOffline(nodeId).name();
        }
    }
}
