package dev.drainer.pd;

import io.grpc.ChannelCredentials;
import io.grpc.ConnectivityState;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One gRPC channel per PD endpoint, opened on first use and kept, and the rule for trying the
 * endpoints in turn: start at the one that last answered, move on when a call fails in a way another
 * endpoint may not.
 */
final class EndpointPool implements AutoCloseable {
    /** One call against one endpoint's channel; the call sets its own deadline. */
    interface Call<T> {
        T run(PdEndpoint endpoint, ManagedChannel channel) throws PdException;
    }

    private final List<PdEndpoint> endpoints;
    private final Optional<GrpcTls> tls;
    private final Map<PdEndpoint, ManagedChannel> channels = new ConcurrentHashMap<>();
    private volatile int preferred;
    private volatile boolean closed;

    EndpointPool(List<PdEndpoint> endpoints, Optional<GrpcTls> tls) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no PD endpoint given; expected at least one http://host:port");
        }
        this.tls = tls;
        endpoints.forEach(this::credentials);
        this.endpoints = List.copyOf(endpoints);
    }

    List<PdEndpoint> endpoints() {
        return endpoints;
    }

    /**
     * Runs {@code call} on each endpoint in turn until one answers. A failure whose status code
     * {@code tryNext} refuses ends the attempt at once; a {@link PdException} from the call (an
     * endpoint that answered something unusable) always moves on.
     */
    <T> T firstAnswer(String operation, Predicate<Status.Code> tryNext, Call<T> call) throws PdException {
        List<String> failures = new ArrayList<>();
        int start = preferred;
        for (int i = 0; i < endpoints.size(); i++) {
            int index = (start + i) % endpoints.size();
            PdEndpoint endpoint = endpoints.get(index);
            try {
                T answer = call.run(endpoint, channel(endpoint));
                preferred = index;
                return answer;
            } catch (StatusRuntimeException e) {
                if (!tryNext.test(e.getStatus().getCode())) {
                    throw new PdException(operation + " failed at " + endpoint + ": " + describe(e)
                            + (failures.isEmpty() ? "" : "; before that: " + String.join(", ", failures)), e);
                }
                failures.add(endpoint + " (" + describe(e) + ")");
            } catch (PdException e) {
                failures.add(endpoint + " (" + e.getMessage() + ")");
            }
        }
        throw new PdException(operation + " failed on every PD endpoint: " + String.join(", ", failures));
    }

    /**
     * The channel to {@code endpoint}, which need not be one of the configured endpoints (a PD
     * leader's URL). A channel that failed to connect would fail every call until its growing
     * back-off ends; it is replaced, so each call sees a PD that came back, or fails fast if it has not.
     */
    ManagedChannel channel(PdEndpoint endpoint) {
        if (closed) {
            throw new IllegalStateException("PD client is closed");
        }
        return channels.compute(endpoint, (e, ch) -> {
            if (ch != null && ch.getState(false) != ConnectivityState.TRANSIENT_FAILURE) {
                return ch;
            }
            if (ch != null) {
                ch.shutdownNow();
            }
            return Grpc.newChannelBuilderForAddress(e.host(), e.port(), credentials(e)).build();
        });
    }

    /** {@code CODE: description: cause}, the parts gRPC gives, and what to fix when TLS failed. */
    String describe(StatusRuntimeException e) {
        return tls.map(t -> t.describe(e)).orElseGet(() -> GrpcTls.describePlain(e));
    }

    /**
     * TLS whenever {@code [security]} is set, whatever the URL's scheme says, as the Go drainer's PD client
     * (TiKV stores have no scheme at all); an https URL without it could only fail at the first call.
     */
    private ChannelCredentials credentials(PdEndpoint endpoint) {
        if (tls.isPresent()) {
            return tls.get().credentials();
        }
        if (endpoint.tls()) {
            throw new IllegalArgumentException("PD URL " + endpoint + ": https needs TLS settings ([security]"
                    + " ssl-ca, and ssl-cert/ssl-key if PD asks for a client certificate); give them or use an"
                    + " http:// URL");
        }
        return InsecureChannelCredentials.create();
    }

    @Override
    public void close() {
        closed = true;
        channels.values().forEach(ManagedChannel::shutdownNow);
        for (ManagedChannel ch : channels.values()) {
            try {
                ch.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
