package dev.drainer.sim;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Makes a call's request compression ({@code grpc-encoding}) visible to the service, which grpc-java
 * does not expose: a grpc-go server answers a gzip request with gzip ({@code grpc.UseCompressor} on the
 * drainer side), so the simulated pump needs to know.
 */
final class RequestEncoding implements ServerInterceptor {
    private static final Metadata.Key<String> GRPC_ENCODING = Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);
    private static final Context.Key<String> KEY = Context.key("request-grpc-encoding");

    /** The current call's request encoding, {@code identity} when none was named. */
    static String current() {
        String e = KEY.get();
        return e == null ? "identity" : e;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String encoding = headers.get(GRPC_ENCODING);
        return Contexts.interceptCall(Context.current().withValue(KEY, encoding), call, headers, next);
    }
}
