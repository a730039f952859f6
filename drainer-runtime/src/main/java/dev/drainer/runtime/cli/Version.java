package dev.drainer.runtime.cli;

/** The version line {@code drainer -V} prints. */
final class Version {
    private Version() {
    }

    static String line() {
        String v = Version.class.getPackage().getImplementationVersion();
        return "drainer (Java, TiDB Binlog compatible) " + (v == null ? "development build" : v)
                + "; java " + System.getProperty("java.version");
    }
}
