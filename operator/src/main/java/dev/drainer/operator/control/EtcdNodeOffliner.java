package dev.drainer.operator.control;

import dev.drainer.operator.observe.SecretTls;
import dev.drainer.pd.PdClient;
import dev.drainer.pd.registry.Registry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Rewrites the drainer's registry record with state offline through PD's embedded etcd. */
public final class EtcdNodeOffliner implements NodeOffliner {
    @Override
    public String markOffline(List<String> pdEndpoints, Optional<SecretTls> tls, String nodeId, Duration timeout)
            throws Exception {
        try (PdClient client = PdClient.forUrls(String.join(",", pdEndpoints), tls.map(SecretTls::grpcTls))) {
            return new Registry(client.etcd(timeout)).markOffline(nodeId).name();
        }
    }
}
