package dev.drainer.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A recovery Job turned into what a local child JVM needs, the way a kubelet would run its single pod. Parsing
 * consumes the Job field by field; a field it does not understand, or a value it cannot honour here, fails with
 * {@link UnsupportedJobException} naming the field (the list of supported fields is in docs/e2e.md):
 * <ul>
 *   <li>{@code metadata.*}: identity only;</li>
 *   <li>{@code spec.backoffLimit} (must be 0: one pod, no retries), {@code spec.activeDeadlineSeconds} (the child
 *       is killed after it), {@code spec.ttlSecondsAfterFinished} (accepted; finished Jobs are kept);</li>
 *   <li>{@code spec.template.metadata.labels}/{@code annotations} (copied to the pod);</li>
 *   <li>{@code spec.template.spec.restartPolicy} (must be Never), {@code securityContext} runAsNonRoot (must be
 *       true), runAsUser/runAsGroup/fsGroup (recorded, not enforced: children run as the test's user);</li>
 *   <li>one container: name, image and imagePullPolicy (recorded: the image is the drainer-runtime on the class
 *       path), {@code command} (must be {@code [drainer]}), args (container paths translated), env with
 *       {@code value} or {@code valueFrom.secretKeyRef} (name, key, optional), volumeMounts (name, mountPath,
 *       readOnly), resources (accepted, not enforced), securityContext allowPrivilegeEscalation (must be false)
 *       and capabilities.drop;</li>
 *   <li>volumes: {@code configMap} (name, defaultMode; its files written with container paths translated),
 *       {@code emptyDir} (no fields; a fresh directory), {@code persistentVolumeClaim} (claimName, readOnly; the
 *       claim must exist and be bound to a local directory).</li>
 * </ul>
 */
record LocalJob(String namespace, String name, String uid, Map<String, String> podLabels,
                Map<String, String> podAnnotations, String containerName, String image, List<String> args,
                Map<String, String> env, MountTable mounts, OptionalLong activeDeadlineSeconds,
                Map<String, Long> identity) {
    /** The only command the runner knows: the drainer image's entry point. */
    static final String COMMAND = "drainer";
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    /** The Job's password etc. resolved against {@code client}; claims bound through {@code claims}. */
    static LocalJob parse(Job job, KubernetesClient client, Map<String, Path> claims, Path workDir) {
        ObjectNode root = JSON.convertValue(job, ObjectNode.class);
        String ns = job.getMetadata().getNamespace();
        String name = job.getMetadata().getName();
        Fields f = new Fields("Job " + ns + "/" + name, "", root);
        f.take("metadata");
        f.take("apiVersion");
        f.take("kind");
        f.take("status");
        f.require("spec.backoffLimit", v -> v.asInt() == 0, "0 (the runner runs exactly one pod)");
        JsonNode deadline = f.take("spec.activeDeadlineSeconds");
        f.take("spec.ttlSecondsAfterFinished");
        Map<String, String> labels = f.stringMap("spec.template.metadata.labels");
        Map<String, String> annotations = f.stringMap("spec.template.metadata.annotations");
        f.require("spec.template.spec.restartPolicy", v -> v.asText().equals("Never"), "Never");
        f.require("spec.template.spec.securityContext.runAsNonRoot", JsonNode::asBoolean, "true");
        Map<String, Long> identity = new LinkedHashMap<>();
        for (String id : List.of("runAsUser", "runAsGroup", "fsGroup")) {
            JsonNode v = f.take("spec.template.spec.securityContext." + id);
            if (v != null) {
                identity.put(id, v.asLong());
            }
        }

        ArrayNode containers = f.array("spec.template.spec.containers");
        if (containers == null || containers.size() != 1) {
            throw f.unsupported("spec.template.spec.containers", "exactly one container (found "
                    + (containers == null ? 0 : containers.size()) + ")");
        }
        String c = "spec.template.spec.containers[0]";
        Fields cf = f.element(c, (ObjectNode) containers.get(0));
        String containerName = cf.text("name");
        String image = cf.text("image");
        cf.take("imagePullPolicy");
        cf.take("resources");
        List<String> command = cf.strings("command");
        if (!command.equals(List.of(COMMAND))) {
            throw cf.unsupported("command", "[" + COMMAND + "] (found " + command + ")");
        }
        List<String> rawArgs = cf.strings("args");
        cf.require("securityContext.allowPrivilegeEscalation", v -> !v.asBoolean(), "false");
        cf.take("securityContext.capabilities.drop");
        Map<String, String> env = env(cf, client, ns);

        Map<String, String> mountPaths = new LinkedHashMap<>();
        ArrayNode mounts = cf.array("volumeMounts");
        for (int i = 0; mounts != null && i < mounts.size(); i++) {
            Fields m = cf.element("volumeMounts[" + i + "]", (ObjectNode) mounts.get(i));
            mountPaths.put(m.text("name"), m.text("mountPath"));
            m.take("readOnly");
            m.done();
        }
        cf.done();

        MountTable table = new MountTable();
        Map<String, String> configFiles = new LinkedHashMap<>();
        ArrayNode volumes = f.array("spec.template.spec.volumes");
        for (int i = 0; volumes != null && i < volumes.size(); i++) {
            Fields v = f.element("spec.template.spec.volumes[" + i + "]", (ObjectNode) volumes.get(i));
            String volume = v.text("name");
            String mountPath = mountPaths.remove(volume);
            Path local = workDir.resolve("volume-" + volume);
            if (v.has("configMap")) {
                String cm = v.text("configMap.name");
                v.take("configMap.defaultMode");
                ConfigMap map = client.configMaps().inNamespace(ns).withName(cm).get();
                if (map == null) {
                    throw v.unsupported("configMap.name", "an existing ConfigMap (" + ns + "/" + cm + " does not exist)");
                }
                Map<String, String> data = map.getData() == null ? Map.of() : map.getData();
                for (Map.Entry<String, String> file : data.entrySet()) {
                    configFiles.put(local.resolve(file.getKey()).toString(), file.getValue());
                }
                if (map.getBinaryData() != null && !map.getBinaryData().isEmpty()) {
                    throw v.unsupported("configMap.name", "a ConfigMap without binaryData (" + cm + " has "
                            + map.getBinaryData().keySet() + ")");
                }
            } else if (v.has("emptyDir")) {
                v.require("emptyDir", JsonNode::isEmpty, "{} (no medium, no sizeLimit)");
            } else if (v.has("persistentVolumeClaim")) {
                String claim = v.text("persistentVolumeClaim.claimName");
                v.take("persistentVolumeClaim.readOnly");
                PersistentVolumeClaim pvc = client.persistentVolumeClaims().inNamespace(ns).withName(claim).get();
                Path bound = claims.get(claim);
                if (pvc == null || bound == null) {
                    throw v.unsupported("persistentVolumeClaim.claimName", "a claim that exists and is bound to a"
                            + " local directory (" + ns + "/" + claim + (pvc == null ? " does not exist"
                            : " is bound to none; bound: " + claims.keySet()) + ")");
                }
                local = bound;
            }
            v.done();
            if (mountPath != null) {
                table.add(mountPath, local);
            }
        }
        if (!mountPaths.isEmpty()) {
            throw f.unsupported(c + ".volumeMounts", "mounts of declared volumes (no volume for " + mountPaths.keySet()
                    + ")");
        }
        f.done();

        try {
            for (MountTable.Entry e : table.entries()) {
                Files.createDirectories(e.local());
            }
            for (Map.Entry<String, String> file : configFiles.entrySet()) {
                Files.writeString(Path.of(file.getKey()), table.translateQuoted(file.getValue()), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot materialize the volumes of Job " + ns + "/" + name, e);
        }
        List<String> args = rawArgs.stream().map(table::translate).toList();
        return new LocalJob(ns, name, job.getMetadata().getUid(), labels, annotations, containerName, image, args, env,
                table, deadline == null ? OptionalLong.empty() : OptionalLong.of(deadline.asLong()), identity);
    }

    /** {@code value}s as they are; {@code secretKeyRef}s read from the Secret, as the kubelet does at start. */
    private static Map<String, String> env(Fields cf, KubernetesClient client, String ns) {
        Map<String, String> env = new LinkedHashMap<>();
        ArrayNode list = cf.array("env");
        for (int i = 0; list != null && i < list.size(); i++) {
            Fields e = cf.element("env[" + i + "]", (ObjectNode) list.get(i));
            String var = e.text("name");
            if (e.has("value")) {
                env.put(var, e.text("value"));
            } else if (e.has("valueFrom.secretKeyRef")) {
                String secretName = e.text("valueFrom.secretKeyRef.name");
                String key = e.text("valueFrom.secretKeyRef.key");
                JsonNode optional = e.take("valueFrom.secretKeyRef.optional");
                Secret secret = client.secrets().inNamespace(ns).withName(secretName).get();
                Optional<String> value = Optional.ofNullable(secret).flatMap(s -> secretValue(s, key));
                if (value.isPresent()) {
                    env.put(var, value.get());
                } else if (optional == null || !optional.asBoolean()) {
                    // What the kubelet reports as CreateContainerConfigError; the values are never shown.
                    throw e.unsupported("valueFrom.secretKeyRef", "an existing Secret key (" + ns + "/" + secretName
                            + (secret == null ? " does not exist" : " has no key \"" + key + "\"; its keys are "
                            + keys(secret)) + ")");
                }
            }
            e.done();
        }
        return env;
    }

    private static Optional<String> secretValue(Secret s, String key) {
        if (s.getStringData() != null && s.getStringData().containsKey(key)) {
            return Optional.of(s.getStringData().get(key));
        }
        if (s.getData() != null && s.getData().containsKey(key)) {
            return Optional.of(new String(Base64.getDecoder().decode(s.getData().get(key)), StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    private static List<String> keys(Secret s) {
        List<String> keys = new ArrayList<>();
        if (s.getData() != null) {
            keys.addAll(s.getData().keySet());
        }
        if (s.getStringData() != null) {
            keys.addAll(s.getStringData().keySet());
        }
        return keys.stream().sorted().toList();
    }

    /** A Job that the runner cannot run faithfully; the message names the field, its value and what is allowed. */
    static final class UnsupportedJobException extends RuntimeException {
        UnsupportedJobException(String message) {
            super(message);
        }
    }

    /**
     * One JSON object being consumed: {@link #take} removes what the runner honours; {@link #done} fails on what
     * is left (null values and empty objects or arrays carry nothing and are ignored).
     */
    static final class Fields {
        private final String job;
        private final String prefix;
        private final ObjectNode node;

        /** @param prefix the path of {@code node} in the Job, with a trailing dot (empty for the Job itself) */
        Fields(String job, String prefix, ObjectNode node) {
            this.job = job;
            this.prefix = prefix;
            this.node = node;
        }

        Fields element(String path, ObjectNode element) {
            return new Fields(job, prefix + path + ".", element);
        }

        boolean has(String path) {
            return find(path) != null;
        }

        /** Removes and returns the value at the dotted {@code path}; null when absent. */
        JsonNode take(String path) {
            int dot = path.lastIndexOf('.');
            JsonNode parent = dot < 0 ? node : find(path.substring(0, dot));
            if (!(parent instanceof ObjectNode o)) {
                return null;
            }
            JsonNode v = o.remove(dot < 0 ? path : path.substring(dot + 1));
            return v == null || v.isNull() ? null : v;
        }

        String text(String path) {
            JsonNode v = take(path);
            if (v == null || !v.isTextual()) {
                throw unsupported(path, "a string (found " + v + ")");
            }
            return v.asText();
        }

        List<String> strings(String path) {
            JsonNode v = take(path);
            List<String> out = new ArrayList<>();
            if (v != null) {
                v.forEach(x -> out.add(x.asText()));
            }
            return out;
        }

        Map<String, String> stringMap(String path) {
            JsonNode v = take(path);
            Map<String, String> out = new LinkedHashMap<>();
            if (v != null) {
                v.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            }
            return out;
        }

        /** Takes the array at {@code path}; its elements stay in it and are consumed one by one. */
        ArrayNode array(String path) {
            JsonNode v = find(path);
            if (v != null && !v.isArray()) {
                throw unsupported(path, "an array (found " + v + ")");
            }
            return (ArrayNode) v;
        }

        /** Takes {@code path}, which must be absent or satisfy {@code ok}. */
        void require(String path, java.util.function.Predicate<JsonNode> ok, String allowed) {
            JsonNode v = take(path);
            if (v != null && !ok.test(v)) {
                throw unsupported(path, allowed + " (found " + v + ")");
            }
        }

        UnsupportedJobException unsupported(String path, String allowed) {
            return new UnsupportedJobException(job + ": " + prefix + path + " is not supported by the local Job runner: it"
                    + " takes " + allowed);
        }

        /** Fails when anything but consumed fields, nulls and empty containers is left. */
        void done() {
            List<String> left = new ArrayList<>();
            leftovers(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), node, left);
            if (!left.isEmpty()) {
                throw new UnsupportedJobException(job + ": field(s) not understood by the local Job runner: "
                        + String.join(", ", left) + " (supported fields: docs/e2e.md)");
            }
        }

        private static void leftovers(String prefix, JsonNode n, List<String> out) {
            if (n.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    leftovers(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
                }
            } else if (n.isArray()) {
                for (int i = 0; i < n.size(); i++) {
                    leftovers(prefix + "[" + i + "]", n.get(i), out);
                }
            } else if (!n.isNull()) {
                out.add(prefix + "=" + n);
            }
        }

        private JsonNode find(String path) {
            JsonNode n = node;
            for (String part : path.split("\\.")) {
                if (n == null || !n.isObject()) {
                    return null;
                }
                n = n.get(part);
            }
            return n;
        }
    }
}
