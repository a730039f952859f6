package dev.drainer.pd;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * One PD client URL, {@code http(s)://host:port} as in the drainer's {@code pd-urls}. PD serves its
 * own API and its embedded etcd on this one port.
 */
public record PdEndpoint(boolean tls, String host, int port) {

    /** Parses {@code http://host:port} or {@code https://host:port}; anything else is rejected naming the value. */
    public static PdEndpoint parse(String url) {
        String u = url == null ? "" : url.trim();
        String bad = "invalid PD URL \"" + u + "\": ";
        boolean tls;
        if (u.startsWith("http://")) {
            tls = false;
        } else if (u.startsWith("https://")) {
            tls = true;
        } else {
            throw new IllegalArgumentException(bad + "scheme must be http or https");
        }
        URI uri;
        try {
            uri = new URI(u);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(bad + e.getReason(), e);
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException(bad + "expected http(s)://host:port");
        }
        if (!uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null
                || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(bad + "must be only scheme, host and port");
        }
        String host = uri.getHost();
        // URI keeps IPv6 literals bracketed; gRPC wants the bare address.
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new PdEndpoint(tls, host, uri.getPort());
    }

    /** Parses a comma separated list as in {@code pd-urls}; empty entries are rejected. */
    public static List<PdEndpoint> parseList(String urls) {
        List<PdEndpoint> out = new ArrayList<>();
        for (String part : urls.split(",", -1)) {
            out.add(parse(part));
        }
        return List.copyOf(out);
    }

    /** The URL this endpoint was parsed from, normalised. */
    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (tls ? "https://" : "http://") + h + ":" + port;
    }
}
