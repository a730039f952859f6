package dev.drainer.operator.observe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.drainer.operator.api.TlsSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-Drainer PEM files written from a TLS Secret, without a database. */
class TlsSecretFilesTest {
    private final TlsSecretFiles files = TlsSecretFiles.inTempDirectory();

    @AfterEach
    void close() {
        files.close();
    }

    private static TlsSpec spec(String secretName, boolean clientCert) {
        TlsSpec spec = new TlsSpec();
        spec.secretName = secretName;
        if (!clientCert) {
            spec.certKey = "";
            spec.keyKey = "";
        }
        return spec;
    }

    private static Secret secret(String name, String resourceVersion, Map<String, String> values) {
        SecretBuilder b = new SecretBuilder().withNewMetadata().withName(name).withNamespace("ns")
                .withResourceVersion(resourceVersion).endMetadata();
        values.forEach((k, v) -> b.addToData(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        return b.build();
    }

    private static Function<String, Secret> only(Secret s) {
        return name -> name.equals(s.getMetadata().getName()) ? s : null;
    }

    private static Object fileKey(Path p) throws Exception {
        return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    }

    @Test
    void writesTheKeysInUseIntoAPrivateDirectoryPerDrainer() throws Exception {
        Secret s = secret("db-tls", "1", Map.of("ca.crt", "CA-1", "tls.crt", "CERT-1", "tls.key", "KEY-1",
                "unrelated", "x"));
        SecretTls tls = files.files("uid-a", "spec.downstream.tls", "ns", spec("db-tls", true), only(s)).orElseThrow();
        assertEquals("ns/db-tls", tls.secret());
        Path dir = tls.files().ca().getParent();
        assertEquals(files.root().resolve("uid-a").resolve("spec.downstream.tls"), dir, "per Drainer and spec field");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.root())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        for (Path p : new Path[]{tls.files().ca(), tls.files().cert(), tls.files().key()}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)), p.toString());
        }
        assertArrayEquals("CA-1".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(tls.files().ca()));
        assertArrayEquals("CERT-1".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(tls.files().cert()));
        assertArrayEquals("KEY-1".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(tls.files().key()));
        try (Stream<Path> listed = Files.list(dir)) {
            assertEquals(3, listed.count(), "only the keys the spec names, and no temporary file");
        }
        SecretTls other = files.files("uid-b", "spec.downstream.tls", "ns", spec("db-tls", false), only(s)).orElseThrow();
        assertNotEquals(dir, other.files().ca().getParent(), "each Drainer has its own directory");
        assertNull(other.files().cert());
    }

    @Test
    void rewritesOnlyWhenTheContentChanges() throws Exception {
        TlsSpec spec = spec("db-tls", true);
        SecretTls first = files.files("uid", "spec.downstream.tls", "ns", spec, only(secret("db-tls", "1",
                Map.of("ca.crt", "CA-1", "tls.crt", "CERT-1", "tls.key", "KEY-1")))).orElseThrow();
        Object caFile = fileKey(first.files().ca());
        // A new resourceVersion with the same content (e.g. a label edit): nothing is written.
        SecretTls same = files.files("uid", "spec.downstream.tls", "ns", spec, only(secret("db-tls", "2",
                Map.of("ca.crt", "CA-1", "tls.crt", "CERT-1", "tls.key", "KEY-1")))).orElseThrow();
        assertEquals(first, same);
        assertEquals(caFile, fileKey(same.files().ca()), "not rewritten");
        SecretTls rotated = files.files("uid", "spec.downstream.tls", "ns", spec, only(secret("db-tls", "3",
                Map.of("ca.crt", "CA-2", "tls.crt", "CERT-2", "tls.key", "KEY-2")))).orElseThrow();
        assertNotEquals(caFile, fileKey(rotated.files().ca()), "replaced by a new file, never edited in place");
        assertEquals("CA-2", Files.readString(rotated.files().ca()));
        assertEquals("KEY-2", Files.readString(rotated.files().key()));
        SecretTls caOnly = files.files("uid", "spec.downstream.tls", "ns", spec("db-tls", false), only(secret("db-tls", "3",
                Map.of("ca.crt", "CA-2", "tls.crt", "CERT-2", "tls.key", "KEY-2")))).orElseThrow();
        assertFalse(Files.exists(rotated.files().key()), "a client key the spec dropped does not linger");
        assertTrue(Files.exists(caOnly.files().ca()));
    }

    @Test
    void aMissingSecretOrKeyIsNamedWithoutAnyValue() {
        TlsSecretException noSecret = assertThrows(TlsSecretException.class,
                () -> files.files("uid", "spec.downstream.tls", "ns", spec("db-tls", true), name -> null));
        assertEquals("the TLS Secret ns/db-tls (spec.downstream.tls.secretName) does not exist",
                noSecret.getMessage());
        TlsSecretException noKey = assertThrows(TlsSecretException.class, () -> files.files("uid", "spec.downstream.tls", "ns",
                spec("db-tls", true), only(secret("db-tls", "1", Map.of("ca.crt", "CA-SECRET-VALUE", "tls.crt", "C")))));
        assertEquals("the TLS Secret ns/db-tls has no key \"tls.key\" (spec.downstream.tls.keyKey); its"
                + " keys are [ca.crt, tls.crt]", noKey.getMessage());
        TlsSpec renamed = spec("db-tls", false);
        renamed.caKey = "root-ca.pem";
        TlsSecretException noCa = assertThrows(TlsSecretException.class, () -> files.files("uid", "spec.downstream.tls", "ns", renamed,
                only(secret("db-tls", "1", Map.of("ca.crt", "CA")))));
        assertTrue(noCa.getMessage().contains("no key \"root-ca.pem\" (spec.downstream.tls.caKey)"), noCa.getMessage());
        TlsSecretException denied = assertThrows(TlsSecretException.class, () -> files.files("uid", "spec.downstream.tls", "ns",
                spec("db-tls", false), name -> {
                    throw new KubernetesClientException("secrets \"db-tls\" is forbidden");
                }));
        assertTrue(denied.getMessage().startsWith("cannot get the TLS Secret ns/db-tls"
                + " (spec.downstream.tls.secretName): secrets \"db-tls\" is forbidden"), denied.getMessage());
    }

    @Test
    void aKeyThatIsNoSecretKeyNeverNamesAFileOutsideTheDirectory() {
        TlsSpec spec = spec("db-tls", false);
        spec.caKey = "../ca.crt";
        TlsSecretException e = assertThrows(TlsSecretException.class, () -> files.files("uid", "spec.downstream.tls", "ns", spec,
                only(secret("db-tls", "1", Map.of("../ca.crt", "CA")))));
        assertTrue(e.getMessage().startsWith("spec.downstream.tls.caKey \"../ca.crt\" is not a Secret key"),
                e.getMessage());
        assertFalse(Files.exists(files.root().resolve("ca.crt")));
    }

    @Test
    void filesGoWhenTheDrainerIsForgottenStopsUsingTlsOrTheOperatorStops() throws Exception {
        Secret s = secret("db-tls", "1", Map.of("ca.crt", "CA"));
        Path a = files.files("uid-a", "spec.downstream.tls", "ns", spec("db-tls", false), only(s)).orElseThrow().files().ca().getParent();
        Path b = files.files("uid-b", "spec.downstream.tls", "ns", spec("db-tls", false), only(s)).orElseThrow().files().ca().getParent();
        Path c = files.files("uid-c", "spec.downstream.tls", "ns", spec("db-tls", false), only(s)).orElseThrow().files().ca().getParent();
        files.forget("uid-a");
        assertFalse(Files.exists(a));
        assertTrue(files.files("uid-b", "spec.downstream.tls", "ns", null, only(s)).isEmpty());
        assertFalse(Files.exists(b), "TLS removed from the spec");
        // Forgotten files are written again when needed, even though their content did not change.
        assertTrue(Files.exists(files.files("uid-a", "spec.downstream.tls", "ns", spec("db-tls", false), only(s)).orElseThrow().files().ca()));
        assertTrue(Files.exists(c));
        files.close();
        assertFalse(Files.exists(files.root()));
    }
}
