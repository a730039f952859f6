package dev.drainer.config;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** The host facts behind derived defaults (node-id, addr); injectable so tests do not depend on the machine. */
public record HostInfo(String hostname, String defaultIPv4) {
    private static volatile HostInfo system;

    public HostInfo {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(defaultIPv4, "defaultIPv4");
    }

    /** This machine: kernel hostname (like Go's os.Hostname) and first non-loopback IPv4 of an up interface. */
    public static HostInfo system() {
        HostInfo h = system;
        if (h == null) {
            h = new HostInfo(detectHostname(), detectIPv4());
            system = h;
        }
        return h;
    }

    private static String detectHostname() {
        try {
            // uname nodename on Linux: what Go's os.Hostname returns, without any DNS lookup.
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: fall through
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String detectIPv4() {
        try {
            List<NetworkInterface> interfaces = NetworkInterface.networkInterfaces()
                    .sorted(Comparator.comparingInt(NetworkInterface::getIndex)).toList();
            for (NetworkInterface nic : interfaces) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException | RuntimeException ignored) {
            // fall back below
        }
        return "127.0.0.1";
    }
}
