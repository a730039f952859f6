package dev.drainer.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Connector/J's form of {@link TlsFiles}. Connector/J reads trust and key material only from key stores named
 * by URL, so the PEM files become PKCS#12 stores in a private temporary directory (0700, files 0600, deleted
 * when the JVM exits) under random passwords. Stores are made once per distinct file content: a long-running
 * process that opens many endpoints does not pile up files, and a rotated certificate gets new stores.
 */
final class MysqlTls {
    private static final System.Logger LOG = System.getLogger(MysqlTls.class.getName());
    private static final Map<String, Map<String, String>> BY_CONTENT = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private MysqlTls() {
    }

    /**
     * The Connector/J properties for {@code files} (the caller sets {@code sslMode}); reads the files each
     * time, converts them only when their content is new.
     *
     * @throws IllegalArgumentException a file is unreadable or not what its role needs (message names it)
     */
    static Map<String, String> driverProperties(TlsFiles files) {
        byte[] ca = TlsMaterial.read(files.ca(), "ssl-ca");
        byte[] cert = files.hasClientCertificate() ? TlsMaterial.read(files.cert(), "ssl-cert") : new byte[0];
        byte[] key = files.hasClientCertificate() ? TlsMaterial.read(files.key(), "ssl-key") : new byte[0];
        return BY_CONTENT.computeIfAbsent(digest(ca, cert, key), d -> convert(files, ca, cert, key));
    }

    private static Map<String, String> convert(TlsFiles files, byte[] ca, byte[] cert, byte[] key) {
        // Everything is parsed and checked before anything is written.
        TlsMaterial material = TlsMaterial.parse(files, ca, cert, key);
        try {
            KeyStore trust = material.trustStore();
            Path dir = Files.createTempDirectory("drainer-tls-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            // Registered first so that it is deleted last, once its files are gone.
            dir.toFile().deleteOnExit();
            Map<String, String> p = new TreeMap<>();
            String trustPassword = password();
            p.put("trustCertificateKeyStoreUrl", write(dir.resolve("trust.p12"), trust, trustPassword));
            p.put("trustCertificateKeyStoreType", "PKCS12");
            p.put("trustCertificateKeyStorePassword", trustPassword);
            // Only the configured CA is trusted, as Go's tls.Config with RootCAs, and no JVM-wide client key
            // is presented when none is configured.
            p.put("fallbackToSystemTrustStore", "false");
            p.put("fallbackToSystemKeyStore", "false");
            if (material.key() != null) {
                String keyPassword = password();
                KeyStore client = TlsMaterial.emptyStore();
                // Connector/J unlocks the key with the store password, so both are the same.
                client.setKeyEntry("client", material.key(), keyPassword.toCharArray(),
                        material.chain().toArray(new X509Certificate[0]));
                p.put("clientCertificateKeyStoreUrl", write(dir.resolve("client.p12"), client, keyPassword));
                p.put("clientCertificateKeyStoreType", "PKCS12");
                p.put("clientCertificateKeyStorePassword", keyPassword);
            }
            LOG.log(System.Logger.Level.DEBUG, "tls key stores written dir={0} ca={1} clientCert={2}", dir,
                    files.ca(), files.hasClientCertificate() ? files.cert() : "none");
            return Map.copyOf(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TLS key stores for ssl-ca " + files.ca() + ": " + e, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS key stores for ssl-ca " + files.ca() + ": " + e, e);
        }
    }

    /** Writes {@code store} to a new 0600 file and returns its URL. */
    private static String write(Path file, KeyStore store, String password) throws IOException,
            GeneralSecurityException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        file.toFile().deleteOnExit();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        store.store(bytes, password.toCharArray());
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
            bytes.writeTo(out);
        }
        return file.toUri().toString();
    }

    private static String password() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String digest(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                // Length-prefixed, so that moving bytes from one file to the next changes the digest.
                md.update(ByteBuffer.allocate(Integer.BYTES).putInt(p.length).array());
                md.update(p);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
