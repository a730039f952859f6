package dev.drainer.operator.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.drainer.operator.api.Drainer;
import dev.drainer.operator.api.DrainerSpec;
import dev.drainer.operator.api.TlsSpec;
import dev.drainer.operator.render.Names;
import dev.drainer.operator.validate.SpecValidator;
import dev.drainer.operator.validate.Violation;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every manifest in examples/: each Drainer is accepted by the committed CRD's schema (as the API server would
 * judge it) and by the operator's own semantic validation, and names Secrets, keys and StorageClasses that the
 * examples provide; documents the API server would refuse are refused here with the field path.
 */
class ExamplesValidateTest {
    private static final Path REPO = Path.of(System.getProperty("drainer.crds.dir", "../crds")).toAbsolutePath()
            .normalize().getParent();
    private static final Path EXAMPLES = REPO.resolve("examples");
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization K8S = new KubernetesSerialization();

    private static CrdSchema schema;
    /** file name -> its documents, in order. */
    private static final Map<String, List<JsonNode>> DOCS = new LinkedHashMap<>();

    @BeforeAll
    static void load() throws IOException {
        schema = CrdSchema.load(REPO.resolve("crds").resolve(CrdDrift.FILE_NAME), Drainer.VERSION);
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                List<JsonNode> docs = new ArrayList<>();
                try (var it = YAML.readValues(YAML.createParser(f.toFile()), JsonNode.class)) {
                    while (it.hasNext()) {
                        JsonNode doc = it.next();
                        if (doc != null && !doc.isMissingNode() && !doc.isNull()) {
                            docs.add(doc);
                        }
                    }
                }
                DOCS.put(f.getFileName().toString(), docs);
            }
        }
    }

    @Test
    void theExamplesTheDocsNameExist() {
        assertEquals(new TreeSet<>(Set.of("downstream-secret.yaml", "downstream-tls-secret.yaml",
                "drainer-minimal.yaml", "drainer-nfs-relay.yaml", "drainer-tls.yaml", "storageclass-nfs.yaml")),
                new TreeSet<>(DOCS.keySet()), "examples/ (docs/install.md and the examples' own comments name these)");
        DOCS.forEach((file, docs) -> assertFalse(docs.isEmpty(), file + " holds no document"));
    }

    @Test
    void everyDrainerMatchesTheCrdSchema() {
        List<JsonNode> drainers = drainers();
        assertEquals(3, drainers.size(), "Drainers in examples/");
        for (JsonNode d : drainers) {
            assertEquals(List.of(), schema.validate(d), "schema violations of Drainer " + name(d));
        }
    }

    @Test
    void everyDrainerPassesTheOperatorsValidation() {
        for (JsonNode d : drainers()) {
            Drainer drainer = K8S.convertValue(d, Drainer.class);
            List<Violation> violations = SpecValidator.validate(drainer.getSpec(), new Names(name(d), "default"));
            assertEquals(List.of(), violations, "SpecValidator on Drainer " + name(d));
        }
    }

    @Test
    void everyOtherExampleIsAKubernetesObject() {
        DOCS.forEach((file, docs) -> docs.stream().filter(d -> !"Drainer".equals(d.path("kind").asText()))
                .forEach(d -> {
                    assertFalse(d.path("apiVersion").asText().isEmpty(), file + ": apiVersion");
                    assertTrue(Set.of("Secret", "StorageClass").contains(d.path("kind").asText()), file + ": kind "
                            + d.path("kind"));
                    assertFalse(name(d).isEmpty(), file + ": metadata.name");
                }));
    }

    /** A reader who applies the examples together gets a Drainer whose Secrets and StorageClass exist. */
    @Test
    void drainersReferToSecretsKeysAndStorageClassesTheExamplesDefine() {
        Map<String, Set<String>> secrets = new LinkedHashMap<>();
        Set<String> classes = new TreeSet<>();
        for (JsonNode d : all()) {
            if ("Secret".equals(d.path("kind").asText())) {
                Set<String> keys = new TreeSet<>();
                d.path("stringData").fieldNames().forEachRemaining(keys::add);
                d.path("data").fieldNames().forEachRemaining(keys::add);
                secrets.put(name(d), keys);
            } else if ("StorageClass".equals(d.path("kind").asText())) {
                classes.add(name(d));
            }
        }
        for (JsonNode d : drainers()) {
            DrainerSpec spec = K8S.convertValue(d, Drainer.class).getSpec();
            String who = "Drainer " + name(d);
            assertHasKey(secrets, spec.downstream.passwordSecretRef.name, spec.downstream.passwordSecretRef.key, who);
            for (TlsSpec tls : new TlsSpec[] {spec.pd.tls, spec.downstream.tls}) {
                if (tls != null) {
                    for (String key : List.of(tls.caKey, tls.certKey, tls.keyKey)) {
                        if (!key.isEmpty()) {
                            assertHasKey(secrets, tls.secretName, key, who);
                        }
                    }
                }
            }
            if (spec.relayLog.storageClassName != null) {
                assertTrue(classes.contains(spec.relayLog.storageClassName), who + " uses StorageClass "
                        + spec.relayLog.storageClassName + "; the examples define " + classes);
            }
        }
    }

    @Test
    void aWrongTypeIsRejectedWithItsPath() {
        List<String> errors = invalid(d -> d.withObject("/spec/downstream").put("port", "3306"));
        assertEquals(Set.of("spec.downstream.port"), paths(errors));
        assertTrue(errors.get(0).contains("integer"), errors.toString());
    }

    @Test
    void anUnknownFieldIsRejectedWithItsPath() {
        assertEquals(Set.of("spec.downstream.hostname"), paths(invalid(d -> d.withObject("/spec/downstream")
                .put("hostname", "db"))));
        assertEquals(Set.of("spec.relaylog"), paths(invalid(d -> d.withObject("/spec/relaylog").put("size", "1Gi"))));
        assertEquals(Set.of("spec.syncer.ignoreTables[0].name"), paths(invalid(d -> d.withObject("/spec/syncer")
                .withArray("ignoreTables").addObject().put("schema", "app").put("table", "t").put("name", "x"))));
        assertEquals(Set.of("spec.recovery.job.deadline"), paths(invalid(d -> d.withObject("/spec/recovery/job")
                .put("deadline", 60))));
    }

    @Test
    void aValueOutsideTheEnumIsRejectedWithItsPath() {
        List<String> errors = invalid(d -> d.withObject("/spec/recovery").put("mode", "Auto"));
        assertEquals(Set.of("spec.recovery.mode"), paths(errors));
        assertTrue(errors.get(0).contains("Automatic") && errors.get(0).contains("Manual"), errors.toString());
        assertEquals(Set.of("spec.state"), paths(invalid(d -> d.withObject("/spec").put("state", "Running"))));
        assertEquals(Set.of("spec.downstream.type"), paths(invalid(d -> d.withObject("/spec/downstream")
                .put("type", "postgres"))));
    }

    @Test
    void aMissingRequiredFieldIsRejectedWithItsPath() {
        assertEquals(Set.of("spec.downstream.host"), paths(invalid(d -> d.withObject("/spec/downstream")
                .remove("host"))));
        assertEquals(Set.of("spec.downstream.passwordSecretRef.name"), paths(invalid(d -> d
                .withObject("/spec/downstream/passwordSecretRef").remove("name"))));
    }

    @Test
    void quantitiesAreIntOrStringAndMapsCheckTheirValues() {
        assertEquals(List.of(), schema.validate(changed(d -> d.withObject("/spec/resources/requests").put("cpu", 2)
                .put("memory", "1Gi"))));
        assertEquals(Set.of("spec.resources.requests.cpu"), paths(invalid(d -> d
                .withObject("/spec/resources/requests").put("cpu", true))));
        assertEquals(Set.of("spec.podAnnotations.owner"), paths(invalid(d -> d.withObject("/spec/podAnnotations")
                .put("owner", 7))));
    }

    @Test
    void anotherKindOrVersionIsRejected() {
        assertEquals(Set.of("apiVersion"), paths(invalid(d -> d.put("apiVersion", "binlog.drainer.dev/v1"))));
        assertEquals(Set.of("kind"), paths(invalid(d -> d.put("kind", "Drainers"))));
    }

    /** The minimal example with one change; the change must make it invalid. */
    private static List<String> invalid(Consumer<ObjectNode> change) {
        List<String> errors = schema.validate(changed(change));
        assertFalse(errors.isEmpty(), "the changed document should be rejected");
        return errors;
    }

    private static ObjectNode changed(Consumer<ObjectNode> change) {
        ObjectNode d = DOCS.get("drainer-minimal.yaml").get(0).deepCopy();
        assertEquals(List.of(), schema.validate(d));
        change.accept(d);
        return d;
    }

    private static Set<String> paths(List<String> errors) {
        Set<String> paths = new TreeSet<>();
        for (String e : errors) {
            paths.add(e.substring(0, e.indexOf(": ")));
        }
        return paths;
    }

    private static void assertHasKey(Map<String, Set<String>> secrets, String secret, String key, String who) {
        assertTrue(secrets.containsKey(secret), who + " refers to Secret " + secret + "; the examples define "
                + secrets.keySet());
        assertTrue(secrets.get(secret).contains(key), who + " needs key " + key + " in Secret " + secret + ", which has "
                + secrets.get(secret));
    }

    private static List<JsonNode> all() {
        return DOCS.values().stream().flatMap(List::stream).toList();
    }

    private static List<JsonNode> drainers() {
        return all().stream().filter(d -> "Drainer".equals(d.path("kind").asText())).toList();
    }

    private static String name(JsonNode d) {
        return d.path("metadata").path("name").asText();
    }
}
