package dev.drainer.sim;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-member etcd (Debian's etcd-server, /usr/bin/etcd) on free loopback ports with a
 * temporary data directory, for tests that hold the simulator to what etcd does. {@link #close}
 * stops it and deletes the directory, and may be called again.
 */
final class EtcdProcess implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/etcd");

    private final Process process;
    private final Path dir;
    private final String clientUrl;

    private EtcdProcess(Process process, Path dir, String clientUrl) {
        this.process = process;
        this.dir = dir;
        this.clientUrl = clientUrl;
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /** Starts etcd and waits until it says it serves clients; its output goes to a log in the data directory. */
    static EtcdProcess start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("etcd-test");
        String host = InetAddress.getLoopbackAddress().getHostAddress();
        String client = "http://" + host + ":" + freePort();
        String peer = "http://" + host + ":" + freePort();
        Path log = dir.resolve("etcd.log");
        Process p = new ProcessBuilder(List.of(BINARY.toString(),
                "--name", "default",
                "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "default=" + peer))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        EtcdProcess etcd = new EtcdProcess(p, dir, client);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(log).contains("ready to serve client requests")) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String out = Files.readString(log);
                etcd.close();
                throw new IOException("etcd at " + client + (p.isAlive() ? " not ready within 30 s" : " exited with "
                        + p.exitValue()) + "; its log:\n" + out);
            }
            Thread.sleep(20);
        }
        return etcd;
    }

    String clientUrl() {
        return clientUrl;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
