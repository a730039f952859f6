package dev.drainer.config;

/** "host:port" checks for addr and advertise-addr (Go {@code net.SplitHostPort} rules, numeric port). */
final class HostPort {
    private HostPort() {
    }

    /** {host, port} or null if not of the form host:port / [ipv6]:port. */
    static String[] split(String addr) {
        String host;
        String port;
        if (addr.startsWith("[")) {
            int close = addr.indexOf(']');
            if (close < 0 || close + 1 >= addr.length() || addr.charAt(close + 1) != ':') {
                return null;
            }
            host = addr.substring(1, close);
            port = addr.substring(close + 2);
        } else {
            int colon = addr.lastIndexOf(':');
            if (colon < 0 || addr.indexOf(':') != colon) {
                return null;
            }
            host = addr.substring(0, colon);
            port = addr.substring(colon + 1);
        }
        return new String[] {host, port};
    }

    /** Null if addr is a valid listen address, else what is wrong. */
    static String listenProblem(String addr) {
        String[] hp = split(addr);
        if (hp == null) {
            return "invalid address \"" + addr + "\"; expected host:port";
        }
        if (!hp[1].matches("\\d{1,5}") || Integer.parseInt(hp[1]) > 65535) {
            return "invalid port in \"" + addr + "\"; expected a number from 0 to 65535";
        }
        return null;
    }

    /** Null if addr can be advertised to pumps (a concrete host), else what is wrong. */
    static String advertiseProblem(String addr) {
        String p = listenProblem(addr);
        if (p != null) {
            return p;
        }
        if (isUnspecified(split(addr)[0])) {
            return "host of \"" + addr + "\" is unspecified; pumps must be able to reach the advertised address";
        }
        return null;
    }

    /** The port part of a valid address. */
    static String port(String addr) {
        return split(addr)[1];
    }

    /** True for "", 0.0.0.0 and ::, which listen on all interfaces but cannot be dialled. */
    static boolean isUnspecified(String host) {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.matches("0*:(0*:)*0*");
    }
}
