package dev.drainer.testkit.db;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class FreePortTest {
    @Test
    void aFreePortIsBelowTheEphemeralRangeAndCanBeListenedOn() throws Exception {
        int low = MariaDb.ephemeralLow();
        for (int i = 0; i < 20; i++) {
            int port = MariaDb.freePort();
            if (low > 21000) {
                assertTrue(port >= 20000 && port < low, "port " + port + " outside [20000, " + low + ")");
            }
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(port));
            }
        }
    }
}
