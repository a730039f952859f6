package dev.drainer.operator.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A CRD version's {@code openAPIV3Schema} turned into a JSON Schema that judges a document as the API server does
 * under {@code kubectl apply}'s default strict field validation:
 * <ul>
 * <li>A structural schema has no {@code additionalProperties: false}; the server prunes fields it does not
 * declare, and with strict field validation (kubectl apply's default, {@code --validate=strict}) it rejects them
 * with "unknown field".
 * A plain JSON-Schema validator would accept them silently, so every object that declares {@code properties}
 * and neither a map schema ({@code additionalProperties}) nor {@code x-kubernetes-preserve-unknown-fields} gets
 * {@code additionalProperties: false}.</li>
 * <li>{@code apiVersion}, {@code kind} and {@code metadata} are implicit at the root (the server validates
 * metadata itself); here apiVersion and kind must name this CRD, and metadata is an object.</li>
 * <li>{@code x-kubernetes-*} keywords are translated ({@code int-or-string}, {@code preserve-unknown-fields},
 * {@code embedded-resource}, {@code list-type} set/atomic) and removed. One this class cannot check
 * ({@code x-kubernetes-validations} CEL rules, {@code list-type: map}) fails construction instead of being
 * ignored, so a CRD change cannot make the examples test pass vacuously.</li>
 * </ul>
 */
final class CrdSchema {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<String> TRANSLATED = Set.of("x-kubernetes-preserve-unknown-fields",
            "x-kubernetes-int-or-string", "x-kubernetes-embedded-resource", "x-kubernetes-list-type");

    private final JsonSchema schema;

    private CrdSchema(JsonSchema schema) {
        this.schema = schema;
    }

    /** The schema of {@code version} in the CRD file {@code crd}. */
    static CrdSchema load(Path crd, String version) throws IOException {
        JsonNode doc = new YAMLMapper().readTree(crd.toFile());
        JsonNode spec = doc.path("spec");
        String apiVersion = spec.path("group").asText() + "/" + version;
        for (JsonNode v : spec.path("versions")) {
            if (version.equals(v.path("name").asText())) {
                return of(v.path("schema").path("openAPIV3Schema"), apiVersion, spec.path("names").path("kind")
                        .asText());
            }
        }
        throw new IllegalArgumentException(crd + " has no version " + version);
    }

    /** A validator for documents of {@code apiVersion}/{@code kind} against {@code openApiSchema}. */
    static CrdSchema of(JsonNode openApiSchema, String apiVersion, String kind) {
        if (!openApiSchema.isObject()) {
            throw new IllegalArgumentException("openAPIV3Schema is missing");
        }
        ObjectNode root = strict(openApiSchema.deepCopy(), "openAPIV3Schema");
        ObjectNode props = root.withObjectProperty("properties");
        props.set("apiVersion", JSON.objectNode().put("type", "string").set("enum", JSON.arrayNode().add(apiVersion)));
        props.set("kind", JSON.objectNode().put("type", "string").set("enum", JSON.arrayNode().add(kind)));
        props.set("metadata", JSON.objectNode().put("type", "object"));
        root.set("required", JSON.arrayNode().add("apiVersion").add("kind").add("metadata")
                .addAll(root.has("required") ? (ArrayNode) root.get("required") : JSON.arrayNode()));
        root.put("additionalProperties", false);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).typeLoose(false)
                .build();
        return new CrdSchema(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(root, config));
    }

    /**
     * Every violation as {@code <field path>: <message>}, the path in the API server's form
     * ({@code spec.downstream.port}, {@code spec.syncer.ignoreTables[0].schema}); empty when the document is valid.
     */
    List<String> validate(JsonNode document) {
        Set<ValidationMessage> messages = schema.validate(document);
        List<String> out = new ArrayList<>();
        for (ValidationMessage m : messages) {
            // getError() is the message without the location prefix that getMessage() repeats.
            out.add(path(m) + ": " + (m.getError() != null ? m.getError() : m.getMessage()));
        }
        out.sort(String::compareTo);
        return out;
    }

    /** The offending field: for an unknown or missing property, the property itself rather than its parent. */
    private static String path(ValidationMessage m) {
        String at = m.getInstanceLocation().toString();
        if (("additionalProperties".equals(m.getType()) || "required".equals(m.getType())) && m.getProperty() != null) {
            at = at + "." + m.getProperty();
        }
        return at.startsWith("$.") ? at.substring(2) : at;
    }

    /** Rewrites one schema node (and its children) in place; {@code where} names it for errors. */
    private static ObjectNode strict(ObjectNode node, String where) {
        boolean preserve = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (node.path("x-kubernetes-int-or-string").asBoolean(false) && !node.has("anyOf") && !node.has("type")) {
            node.set("anyOf", JSON.arrayNode().add(JSON.objectNode().put("type", "integer"))
                    .add(JSON.objectNode().put("type", "string")));
        }
        if (node.path("x-kubernetes-embedded-resource").asBoolean(false)) {
            ObjectNode props = node.withObjectProperty("properties");
            props.putIfAbsent("apiVersion", JSON.objectNode().put("type", "string"));
            props.putIfAbsent("kind", JSON.objectNode().put("type", "string"));
            props.putIfAbsent("metadata", JSON.objectNode().put("type", "object"));
        }
        if (node.has("x-kubernetes-list-type")) {
            String type = node.get("x-kubernetes-list-type").asText();
            if ("set".equals(type)) {
                node.put("uniqueItems", true);
            } else if (!"atomic".equals(type)) {
                throw unsupported(where, "x-kubernetes-list-type: " + type);
            }
        }
        if (node.path("nullable").asBoolean(false) && node.has("type")) {
            node.set("type", JSON.arrayNode().add(node.get("type").asText()).add("null"));
        }
        node.remove("nullable");
        List<String> extensions = node.properties().stream().map(Map.Entry::getKey)
                .filter(k -> k.startsWith("x-kubernetes-")).toList();
        for (String key : extensions) {
            if (!TRANSLATED.contains(key)) {
                throw unsupported(where, key);
            }
            node.remove(key);
        }
        for (Map.Entry<String, JsonNode> e : node.path("properties").properties()) {
            strict((ObjectNode) e.getValue(), where + ".properties." + e.getKey());
        }
        boolean object = node.has("properties") || "object".equals(node.path("type").asText());
        if (object && !node.has("additionalProperties") && !preserve) {
            node.put("additionalProperties", false);
        }
        if (node.get("additionalProperties") instanceof ObjectNode map) {
            strict(map, where + ".additionalProperties");
        }
        if (node.get("items") instanceof ObjectNode items) {
            strict(items, where + ".items");
        }
        for (String combinator : List.of("anyOf", "allOf", "oneOf")) {
            int i = 0;
            for (JsonNode alternative : node.path(combinator)) {
                strict((ObjectNode) alternative, where + "." + combinator + "[" + i++ + "]");
            }
        }
        if (node.get("not") instanceof ObjectNode not) {
            strict(not, where + ".not");
        }
        return node;
    }

    private static IllegalArgumentException unsupported(String where, String keyword) {
        return new IllegalArgumentException("CRD schema at " + where + " uses " + keyword + ", which CrdSchema cannot"
                + " check; teach it before relying on the examples test");
    }
}
