package dev.drainer.operator.render;

import dev.drainer.config.Defaults;

/**
 * The names of everything one Drainer owns. The pod is always {@code <name>-0} behind the headless Service
 * {@code <name>}, which gives the drainer a stable node-id and advertise address across restarts.
 */
public record Names(String drainer, String namespace) {
    /** The drainer's HTTP/gRPC port (the Go drainer's default). */
    public static final int PORT = Defaults.LISTEN_PORT;

    public String statefulSet() {
        return drainer;
    }

    public String service() {
        return drainer;
    }

    public String configMap() {
        return drainer + "-config";
    }

    /** The relay claim the operator creates (an existing claim keeps its own name). */
    public String relayClaim() {
        return drainer + "-relay";
    }

    public String pod() {
        return drainer + "-0";
    }

    /** The recovery Job of one attempt: deterministic, so a restarted operator finds the Job it created. */
    public String recoveryJob(int attempt) {
        return drainer + "-recover-" + attempt;
    }

    /** The registry node id: {@code <pod>:<port>}, what the Go drainer derives from its hostname. */
    public String nodeId() {
        return pod() + ":" + PORT;
    }

    /** The pod's stable DNS name through the headless Service, with the port: what pumps dial. */
    public String advertiseAddr() {
        return podHost() + ":" + PORT;
    }

    /** The pod's stable DNS name through the headless Service: the name a TLS drainer's certificate must carry. */
    public String podHost() {
        return pod() + "." + service() + "." + namespace + ".svc";
    }
}
