package dev.drainer.operator.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.drainer.operator.render.DesiredObjects;
import dev.drainer.operator.render.Names;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

class DrainerCleanupTest {
    private final Names names = new Names("d", "ns");
    private final Pod pod = new PodBuilder().withNewSpec().addNewContainer().withName("drainer").addNewPort()
            .withName(DesiredObjects.PORT_NAME).withContainerPort(8249).endPort().endContainer().endSpec()
            .withNewStatus().withPodIP("10.1.2.3").endStatus().build();

    @Test
    void aPlaintextDrainerIsClosedAtItsPodIp() {
        assertEquals("http://10.1.2.3:8249", DrainerCleanup.closeUrl(names, pod, false));
    }

    @Test
    void aTlsDrainerIsClosedAtTheDnsNameItsCertificateCarriesForPumps() {
        assertEquals("https://d-0.d.ns.svc:8249", DrainerCleanup.closeUrl(names, pod, true));
        assertEquals(names.advertiseAddr(), "d-0.d.ns.svc:8249");
    }
}
