package dev.drainer.sim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.drainer.pd.PdClient;
import dev.drainer.pd.PdException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The registry contract on a real etcd (Debian's etcd-server), which PD embeds. */
class RegistryOnEtcdTest extends RegistryContract {
    private EtcdProcess etcd;

    @BeforeAll
    static void needsEtcd() {
        assumeTrue(EtcdProcess.available(), EtcdProcess.BINARY + " is absent: install Debian's etcd-server (.ci/run does)"
                + " to hold the simulator to a real etcd");
    }

    @Override
    String startUpstream() throws Exception {
        etcd = EtcdProcess.start();
        return etcd.clientUrl();
    }

    @Override
    void stopUpstream() throws Exception {
        etcd.close();
    }

    @Test
    void aPlainEtcdIsNoPd() throws Exception {
        try (PdClient client = PdClient.forUrls(etcd.clientUrl())) {
            PdException e = assertThrows(PdException.class, () -> client.members(Duration.ofSeconds(10)));
            assertTrue(e.getMessage().startsWith("PD GetMembers failed on every PD endpoint: " + etcd.clientUrl() + " (UNIMPLEMENTED"),
                    e.getMessage());
        }
    }
}
