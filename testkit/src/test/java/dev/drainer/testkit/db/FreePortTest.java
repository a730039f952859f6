package dev.drainer.testkit.db;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FreePortTest {
    @Test
    void aFreePortIsBelowTheEphemeralRangeAndCanBeListenedOn() throws Exception {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        int low = Files.exists(range) ? Integer.parseInt(Files.readString(range).trim().split("\\s+")[0]) : 32768;
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
