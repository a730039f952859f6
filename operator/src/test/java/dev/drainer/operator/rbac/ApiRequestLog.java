package dev.drainer.operator.rbac;

import io.fabric8.mockwebserver.DefaultMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Every request the mock API server received, drained from its queue by a thread of its own (the queue would
 * otherwise only grow), split by User-Agent: the test's own client carries {@link #HARNESS_AGENT}, everything else
 * is the operator.
 */
public final class ApiRequestLog implements AutoCloseable {
    /** The User-Agent of the test's client (fake controllers, assertions), so its requests are not measured. */
    public static final String HARNESS_AGENT = "drainer-operator-test-harness";

    /**
     * One request: method, path with query, and whether the operator sent it. No body: the server records a request
     * before its body has arrived, and its dispatcher drains the body when it parses it.
     */
    public record Request(String method, String path, boolean operator) {
    }

    private final List<Request> requests = new ArrayList<>();
    private final Thread drainer;
    private volatile boolean open = true;

    private ApiRequestLog(DefaultMockServer server) {
        drainer = new Thread(() -> {
            while (open) {
                try {
                    RecordedRequest r = server.takeRequest(100, TimeUnit.MILLISECONDS);
                    if (r != null) {
                        add(new Request(r.getMethod(), r.getPath(),
                                !HARNESS_AGENT.equals(r.getHeader("User-Agent"))));
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "api-request-log");
        drainer.setDaemon(true);
    }

    /** Starts draining {@code server}, including what it received before now. */
    public static ApiRequestLog start(DefaultMockServer server) {
        ApiRequestLog log = new ApiRequestLog(server);
        log.drainer.start();
        return log;
    }

    private synchronized void add(Request r) {
        requests.add(r);
    }

    /** The operator's requests so far. */
    public synchronized List<Request> operatorRequests() {
        return requests.stream().filter(Request::operator).toList();
    }

    /** How many {@code method} requests on {@code path} (without query) the operator sent after the first {@code skip}. */
    public synchronized long operatorSent(String method, String path, int skip) {
        return requests.stream().skip(skip).filter(r -> r.operator() && r.method().equals(method)
                && r.path().split("\\?", 2)[0].equals(path)).count();
    }

    /** The operator's requests between two marks ({@link #size}). */
    public synchronized List<Request> operatorRequestsBetween(int from, int to) {
        return requests.subList(from, to).stream().filter(Request::operator).toList();
    }

    /** How many requests are logged: a mark for {@link #operatorSent}. */
    public synchronized int size() {
        return requests.size();
    }

    /** The RBAC triples of the operator's requests so far, and its non-resource URLs in {@code nonResource}. */
    public SortedSet<RbacTriple> operatorTriples(SortedSet<String> nonResource) {
        SortedSet<RbacTriple> out = new TreeSet<>();
        for (Request r : operatorRequests()) {
            RbacTriple.of(r.method(), r.path()).ifPresentOrElse(out::add,
                    () -> nonResource.add(r.method() + " " + r.path()));
        }
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        open = false;
        drainer.join();
    }
}
