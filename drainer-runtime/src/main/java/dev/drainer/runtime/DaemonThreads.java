package dev.drainer.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread pools of named daemon threads, so a background helper never keeps the JVM alive on exit. */
public final class DaemonThreads {
    private DaemonThreads() {
    }

    /** An unbounded cached pool whose threads are named {@code <name>-1}, {@code <name>-2}, ... */
    public static ExecutorService cachedPool(String name) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
