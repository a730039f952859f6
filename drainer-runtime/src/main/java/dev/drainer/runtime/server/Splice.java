package dev.drainer.runtime.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Joins a client connection to a backend connection: bytes flow both ways until both sides have
 * finished sending; an end of stream on one side is passed on as a half-close to the other, so
 * HTTP/2 and HTTP/1.1 connection shutdowns behave as without the splice.
 */
final class Splice {
    private final Socket client;
    private final Socket backend;
    private final Set<Splice> live;
    private int open = 2;

    /** @param live the splices to abort on shutdown: this one is in it from {@link #run} until both sides closed */
    Splice(Socket client, Socket backend, Set<Splice> live) {
        this.client = client;
        this.backend = backend;
        this.live = live;
    }

    /** Copies backend to client on a thread of {@code threads} and client to backend on the calling thread. */
    void run(Executor threads) {
        live.add(this);
        try {
            threads.execute(() -> pump(backend, client));
        } catch (RejectedExecutionException e) {
            // The port is shutting down.
            abort();
            live.remove(this);
            return;
        }
        pump(client, backend);
    }

    /** Closes both sockets at once, which ends both directions. */
    void abort() {
        closeQuietly(client);
        closeQuietly(backend);
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int r; (r = in.read(buf)) >= 0; ) {
                out.write(buf, 0, r);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // A reset or a close from the other direction: nothing more will flow either way.
            abort();
        }
        finishOne();
    }

    private void finishOne() {
        synchronized (this) {
            if (--open > 0) {
                return;
            }
        }
        abort();
        live.remove(this);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Closing is best effort; the socket is unusable either way.
        }
    }
}
