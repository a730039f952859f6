package dev.drainer.config;

import static dev.drainer.config.TestSupport.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** node-id, addr and advertise-addr derivation (spec §1.2 step 2, §9.1). */
class DerivedDefaultsTest {
    @Test
    void nodeIdUsesHostnameAndPortOfAddr() {
        assertEquals("drainer-host:9000", TestSupport.parse("addr = \"0.0.0.0:9000\"\nadvertise-addr = \"d:9000\"\n")
                .nodeId());
        assertEquals("drainer-host:8249", TestSupport.parse("").nodeId());
        assertEquals("explicit", TestSupport.parse("node-id = \"explicit\"\n").nodeId());
    }

    @Test
    void advertiseAddrDefaultsToAddr() {
        DrainerConfig c = TestSupport.parse("addr = \"192.168.0.5:8250\"\n");
        assertEquals("192.168.0.5:8250", c.advertiseAddr());
        assertEquals("[::1]:8249", TestSupport.parse("addr = \"[::1]:8249\"\n").advertiseAddr());
    }

    @Test
    void unspecifiedAddrNeedsAnAdvertiseAddr() {
        assertProblem(TestSupport.problems("addr = \"0.0.0.0:8249\"\n"), "drainer.toml line 1: addr: ",
                "set advertise-addr");
        assertProblem(TestSupport.problems("addr = \":8249\"\n"), "drainer.toml line 1: addr: ", "unspecified");
        assertProblem(TestSupport.loadProblems(Map.of(), "-addr=0.0.0.0:8249"), "flag -addr: ", "unspecified");
    }

    @Test
    void loopbackFallbackHost() {
        DrainerConfig c = ConfigLoader.defaults(Map.of(), new HostInfo("h", "127.0.0.1"));
        assertEquals("127.0.0.1:8249", c.addr());
        assertEquals("h:8249", c.nodeId());
    }

    @Test
    void systemHostInfoIsUsable() {
        HostInfo h = HostInfo.system();
        assertFalse(h.hostname().isEmpty());
        assertFalse(HostPort.isUnspecified(h.defaultIPv4()));
        ConfigLoader.load(java.util.List.of(), Map.of()); // must not throw on this machine
    }
}
