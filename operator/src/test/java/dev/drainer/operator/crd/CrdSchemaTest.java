package dev.drainer.operator.crd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The translation of Kubernetes' structural-schema rules on small schemas the Drainer CRD does not exercise. */
class CrdSchemaTest {
    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void preserveUnknownFieldsKeepsAnObjectOpenAndEverythingElseIsClosed() throws IOException {
        CrdSchema s = schema("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      open: {type: object, x-kubernetes-preserve-unknown-fields: true}
                      closed: {type: object}
                """);
        assertEquals(List.of(), s.validate(doc("spec: {open: {anything: 1}}")));
        List<String> errors = s.validate(doc("spec: {closed: {anything: 1}}"));
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("spec.closed.anything: "), errors.toString());
    }

    @Test
    void intOrStringWithoutAnyOfTakesBoth() throws IOException {
        CrdSchema s = schema("""
                type: object
                properties:
                  spec: {type: object, properties: {port: {x-kubernetes-int-or-string: true}}}
                """);
        assertEquals(List.of(), s.validate(doc("spec: {port: 80}")));
        assertEquals(List.of(), s.validate(doc("spec: {port: http}")));
        assertTrue(s.validate(doc("spec: {port: [80]}")).stream().allMatch(e -> e.startsWith("spec.port: ")));
    }

    @Test
    void aSetListRejectsDuplicates() throws IOException {
        CrdSchema s = schema("""
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      names: {type: array, x-kubernetes-list-type: set, items: {type: string}}
                """);
        assertEquals(List.of(), s.validate(doc("spec: {names: [a, b]}")));
        assertTrue(s.validate(doc("spec: {names: [a, a]}")).get(0).startsWith("spec.names: "));
    }

    @Test
    void aRuleThisValidatorCannotEvaluateFailsLoudly() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> schema("""
                type: object
                properties:
                  spec:
                    type: object
                    x-kubernetes-validations: [{rule: "self.a < self.b"}]
                """));
        assertEquals("CRD schema at openAPIV3Schema.properties.spec uses x-kubernetes-validations, which CrdSchema"
                + " cannot check; teach it before relying on the examples test", e.getMessage());
    }

    private static CrdSchema schema(String yaml) throws IOException {
        return CrdSchema.of(YAML.readTree(yaml), "example.dev/v1", "Thing");
    }

    private static JsonNode doc(String specYaml) throws IOException {
        return YAML.readTree("apiVersion: example.dev/v1\nkind: Thing\nmetadata: {name: t}\n" + specYaml);
    }
}
