package dev.drainer.runtime.server;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.drainer.runtime.DaemonThreads;
import io.grpc.BindableService;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The drainer's one port (Go default 8249): gRPC services (pumps call {@code binlog.Cistern/Notify}
 * on the advertised address) and HTTP/1.1 routes ({@code /status}, {@code /metrics}, binlogctl's
 * {@code PUT /state/...}) on the same TCP port. A {@link FrontDoor} routes each connection by its
 * first bytes to a grpc-java Netty server or a JDK HTTP server, both on loopback ports. See ADR 0002.
 * With {@link ListenerTls} the port serves TLS only (mutual: a client certificate is required).
 */
public final class SharedPortServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SharedPortServer.class.getName());
    // Long enough for any client on a slow network to send its first bytes.
    private static final Duration SNIFF_TIMEOUT = Duration.ofSeconds(10);

    private final Server grpc;
    private final HttpServer http;
    private final ExecutorService httpThreads;
    private final FrontDoor door;

    private SharedPortServer(Server grpc, HttpServer http, ExecutorService httpThreads, FrontDoor door) {
        this.grpc = grpc;
        this.http = http;
        this.httpThreads = httpThreads;
        this.door = door;
    }

    /**
     * Binds {@code address} (port 0: any free port) and serves {@code services} over gRPC and
     * {@code routes} (path prefix → handler, as {@link HttpServer#createContext}) over HTTP/1.1.
     */
    public static SharedPortServer start(InetSocketAddress address, List<BindableService> services,
                                         Map<String, HttpHandler> routes) throws IOException {
        return start(address, services, routes, Optional.empty());
    }

    /** As {@link #start(InetSocketAddress, List, Map)}, serving TLS with {@code tls} when present. */
    public static SharedPortServer start(InetSocketAddress address, List<BindableService> services,
                                         Map<String, HttpHandler> routes, Optional<ListenerTls> tls) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        NettyServerBuilder grpcBuilder = NettyServerBuilder.forAddress(new InetSocketAddress(loopback, 0),
                InsecureServerCredentials.create());
        services.forEach(grpcBuilder::addService);
        Server grpc = grpcBuilder.build().start();
        HttpServer http = null;
        ExecutorService httpThreads = null;
        ServerSocket listener = null;
        try {
            http = HttpServer.create(new InetSocketAddress(loopback, 0), 0);
            routes.forEach(http::createContext);
            httpThreads = DaemonThreads.cachedPool("http");
            http.setExecutor(httpThreads);
            http.start();
            listener = tls.isPresent() ? tls.get().newServerSocket() : new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(address);
            FrontDoor door = new FrontDoor(listener, new InetSocketAddress(loopback, grpc.getPort()),
                    new InetSocketAddress(loopback, http.getAddress().getPort()), SNIFF_TIMEOUT);
            LOG.log(System.Logger.Level.INFO, "shared port listening address={0} grpcServices={1} httpRoutes={2} tls={3}",
                    listener.getLocalSocketAddress(), services.size(), routes.keySet(),
                    tls.map(ListenerTls::toString).orElse("off"));
            return new SharedPortServer(grpc, http, httpThreads, door);
        } catch (IOException | RuntimeException e) {
            grpc.shutdownNow();
            if (http != null) {
                http.stop(0);
                httpThreads.shutdownNow();
            }
            if (listener != null) {
                listener.close();
            }
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    /** The bound port (the chosen one when started with port 0). */
    public int port() {
        return door.port();
    }

    /** Stops accepting, cuts open connections and stops both backends. */
    @Override
    public void close() {
        door.close();
        http.stop(0);
        httpThreads.shutdownNow();
        grpc.shutdownNow();
        try {
            grpc.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
