package dev.drainer.operator.observe;

import dev.drainer.checkpoint.TlsFiles;
import dev.drainer.operator.api.TlsSpec;
import dev.drainer.operator.render.Hashes;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Each Drainer's TLS Secrets (downstream, PD) as PEM files, because drainer-checkpoint's {@link TlsFiles} takes
 * paths. One private directory per Drainer and spec field (0700, files 0600) under a private root; the files are
 * rewritten only when the keys' content changes, and removed when the Drainer is forgotten or this is closed (the
 * operator stops).
 */
public final class TlsSecretFiles implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TlsSecretFiles.class);
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_DIR =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    private static final FileAttribute<Set<PosixFilePermission>> PRIVATE_FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    /** What the API server allows as a Secret key; it also keeps a key from naming a file outside the directory. */
    private static final Pattern SECRET_KEY = Pattern.compile("(?!\\.{1,2}$)[-._a-zA-Z0-9]+");

    private final Path root;
    private final Map<String, Written> written = new HashMap<>();

    /** The files of one Drainer and the digest of what they were written from. */
    private record Written(String digest, SecretTls tls) {
    }

    private TlsSecretFiles(Path root) {
        this.root = root;
    }

    /** Files under a new private directory in the system's temporary directory. */
    public static TlsSecretFiles inTempDirectory() {
        try {
            return new TlsSecretFiles(Files.createTempDirectory("drainer-operator-tls-", PRIVATE_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory for TLS files: " + e, e);
        }
    }

    /** The directory under which each Drainer has its own. */
    public Path root() {
        return root;
    }

    /**
     * The TLS files of {@code spec}, the spec field {@code field}, for the Drainer {@code drainer} (its uid), written
     * from its Secret when that changed; empty, and any earlier files removed, when {@code spec} is null (no TLS).
     *
     * @param field     {@code spec.downstream.tls} or {@code spec.pd.tls}: names the files' directory and messages
     * @param namespace the Drainer's namespace, for messages
     * @param lookup    the Secret of a name in the Drainer's namespace, null when there is none
     * @throws TlsSecretException the Secret or a key is missing, the Secret cannot be fetched, or the files cannot
     *                            be written; the message names the Secret and the key
     */
    public synchronized Optional<SecretTls> files(String drainer, String field, String namespace, TlsSpec spec,
                                                  Function<String, Secret> lookup) throws TlsSecretException {
        Path dir = root.resolve(drainer).resolve(field);
        String use = drainer + "/" + field;
        if (spec == null) {
            written.remove(use);
            deleteTree(dir);
            return Optional.empty();
        }
        String secretName = namespace + "/" + spec.secretName;
        Secret secret;
        try {
            secret = lookup.apply(spec.secretName);
        } catch (KubernetesClientException e) {
            throw new TlsSecretException("cannot get the TLS Secret " + secretName + " (" + field
                    + ".secretName): " + e.getMessage(), e);
        }
        if (secret == null) {
            throw new TlsSecretException("the TLS Secret " + secretName + " (" + field + ".secretName) does not exist");
        }
        Map<String, byte[]> pems = new LinkedHashMap<>();
        pems.put(spec.caKey, value(secret, secretName, field + ".caKey", spec.caKey));
        boolean clientCert = spec.certKey != null && !spec.certKey.isEmpty();
        if (clientCert) {
            pems.put(spec.certKey, value(secret, secretName, field + ".certKey", spec.certKey));
            pems.put(spec.keyKey, value(secret, secretName, field + ".keyKey", spec.keyKey));
        }
        String digest = digest(secretName, pems);
        Written previous = written.get(use);
        if (previous != null && previous.digest.equals(digest)) {
            return Optional.of(previous.tls);
        }
        try {
            write(dir, pems);
        } catch (IOException e) {
            throw new TlsSecretException("cannot write the TLS Secret " + secretName + " (" + field + ") to " + dir
                    + ": " + e, e);
        }
        SecretTls tls = new SecretTls(secretName, new TlsFiles(dir.resolve(spec.caKey),
                clientCert ? dir.resolve(spec.certKey) : null, clientCert ? dir.resolve(spec.keyKey) : null));
        written.put(use, new Written(digest, tls));
        LOG.infof("tls files written drainer=%s field=%s secret=%s resourceVersion=%s dir=%s", drainer, field,
                secretName, secret.getMetadata() == null ? null : secret.getMetadata().getResourceVersion(), dir);
        return Optional.of(tls);
    }

    /** Removes every file of a Drainer that was deleted. */
    public synchronized void forget(String drainer) {
        written.keySet().removeIf(use -> use.startsWith(drainer + "/"));
        deleteTree(root.resolve(drainer));
    }

    /** Removes every Drainer's files and the root. */
    @Override
    public synchronized void close() {
        written.clear();
        deleteTree(root);
    }

    private static byte[] value(Secret secret, String secretName, String field, String key) throws TlsSecretException {
        String where = "the TLS Secret " + secretName;
        if (!SECRET_KEY.matcher(key).matches()) {
            throw new TlsSecretException(field + " \"" + key + "\" is not a Secret key"
                    + " (letters, digits, '-', '_' and '.' only) of " + where);
        }
        return SecretData.bytes(secret, key).orElseThrow(() -> new TlsSecretException(where + " has no key \""
                + key + "\" (" + field + "); its keys are " + keys(secret)));
    }

    private static Set<String> keys(Secret secret) {
        Set<String> keys = new TreeSet<>();
        if (secret.getData() != null) {
            keys.addAll(secret.getData().keySet());
        }
        if (secret.getStringData() != null) {
            keys.addAll(secret.getStringData().keySet());
        }
        return keys;
    }

    /** Writes each file whole under a temporary name first, so that a reader never sees half a certificate. */
    private static void write(Path dir, Map<String, byte[]> pems) throws IOException {
        Files.createDirectories(dir, PRIVATE_DIR);
        for (Map.Entry<String, byte[]> pem : pems.entrySet()) {
            Path tmp = Files.createTempFile(dir, ".new-", "", PRIVATE_FILE);
            Files.write(tmp, pem.getValue());
            Files.move(tmp, dir.resolve(pem.getKey()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        }
        // Keys the spec no longer names (a client certificate dropped, a key renamed) must not linger.
        List<Path> stale = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> !pems.containsKey(f.getFileName().toString())).forEach(stale::add);
        }
        for (Path f : stale) {
            Files.deleteIfExists(f);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warnf("cannot delete tls files dir=%s error=%s", dir, e);
        }
    }

    /** Digest of the Secret's name and the keys in use, in role order (ca, cert, key), with their content. */
    private static String digest(String secretName, Map<String, byte[]> pems) {
        StringBuilder sb = new StringBuilder(secretName);
        pems.forEach((key, pem) -> sb.append('\0').append(key).append('\0')
                .append(Base64.getEncoder().encodeToString(pem)));
        return Hashes.of(sb.toString());
    }
}
