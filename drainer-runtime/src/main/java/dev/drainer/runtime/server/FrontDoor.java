package dev.drainer.runtime.server;

import dev.drainer.runtime.DaemonThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * The public listener of the shared port: accepts connections, sniffs each one's first bytes and
 * splices it to the HTTP/2 (gRPC) or the HTTP/1.1 backend on loopback, the job cmux does for the Go
 * drainer. A connection that says nothing within the sniff timeout is closed. On a TLS listener
 * ({@link ListenerTls}) the handshake comes first, within the same timeout, and the sniffing and the
 * splice see the decrypted bytes.
 */
final class FrontDoor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FrontDoor.class.getName());

    private final ServerSocket listener;
    private final InetSocketAddress http2Backend;
    private final InetSocketAddress http1Backend;
    private final int sniffTimeoutMillis;
    private final Set<Splice> live = ConcurrentHashMap.newKeySet();
    private final Set<Socket> sniffing = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads;
    private volatile boolean closed;

    FrontDoor(ServerSocket listener, InetSocketAddress http2Backend, InetSocketAddress http1Backend, Duration sniffTimeout) {
        this.listener = listener;
        this.http2Backend = http2Backend;
        this.http1Backend = http1Backend;
        this.sniffTimeoutMillis = Math.toIntExact(sniffTimeout.toMillis());
        this.threads = DaemonThreads.cachedPool("port-" + listener.getLocalPort());
        threads.execute(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(System.Logger.Level.WARNING, "shared port accept failed port={0} error={1}", port(), e.getMessage());
                }
                continue;
            }
            threads.execute(() -> serve(client));
        }
    }

    private void serve(Socket client) {
        sniffing.add(client);
        Optional<PrefaceSniffer.Verdict> verdict;
        try {
            client.setSoTimeout(sniffTimeoutMillis);
            if (client instanceof SSLSocket tls) {
                ListenerTls.prepare(tls);
                tls.startHandshake();
            }
            verdict = PrefaceSniffer.sniff(client.getInputStream());
            client.setSoTimeout(0);
        } catch (SocketTimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, "shared port closed a silent connection peer={0} timeoutMs={1}",
                    client.getRemoteSocketAddress(), sniffTimeoutMillis);
            verdict = Optional.empty();
        } catch (SSLException e) {
            LOG.log(System.Logger.Level.WARNING, "shared port TLS handshake failed peer={0} error={1}",
                    client.getRemoteSocketAddress(), e.getMessage());
            verdict = Optional.empty();
        } catch (IOException e) {
            verdict = Optional.empty();
        } finally {
            sniffing.remove(client);
        }
        if (verdict.isEmpty() || closed) {
            closeQuietly(client);
            return;
        }
        InetSocketAddress target = verdict.get().http2() ? http2Backend : http1Backend;
        Socket backend = new Socket();
        try {
            backend.connect(target);
            OutputStream out = backend.getOutputStream();
            out.write(verdict.get().consumed());
            out.flush();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "shared port backend unreachable backend={0} peer={1} error={2}",
                    target, client.getRemoteSocketAddress(), e.getMessage());
            closeQuietly(backend);
            closeQuietly(client);
            return;
        }
        new Splice(client, backend, live).run(threads);
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException e) {
            // The accept loop ends either way.
        }
        sniffing.forEach(FrontDoor::closeQuietly);
        live.forEach(Splice::abort);
        threads.shutdown();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Best effort.
        }
    }
}
