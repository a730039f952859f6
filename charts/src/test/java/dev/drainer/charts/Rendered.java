package dev.drainer.charts;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** The objects of one {@code helm template} run, looked up by kind, name and namespace. */
record Rendered(List<JsonNode> objects) {

    /** Every object of {@code kind}. */
    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    /** The one object of {@code kind} named {@code name} in {@code namespace} (empty for cluster-scoped kinds). */
    JsonNode one(String kind, String name, String namespace) {
        List<JsonNode> found = ofKind(kind).stream()
                .filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .filter(o -> namespace.equals(o.path("metadata").path("namespace").asText()))
                .toList();
        if (found.size() != 1) {
            fail("expected one " + kind + " " + namespace + "/" + name + ", found " + found.size() + " among "
                    + objects.stream().map(o -> o.path("kind").asText() + " " + o.path("metadata").path("namespace")
                    .asText() + "/" + o.path("metadata").path("name").asText()).toList());
        }
        return found.get(0);
    }
}
