package dev.drainer.charts;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/** The chart's files/rbac-rules.yaml (the measured rule set), and rules compared in a canonical order. */
final class RbacRulesFile {
    static final Path PATH = ChartUnderTest.DIR.resolve("files/rbac-rules.yaml");

    private RbacRulesFile() {
    }

    /** The rules of the file as committed. */
    static List<JsonNode> rules() {
        try {
            return list(ChartUnderTest.YAML.readTree(PATH.toFile()).path("rules"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PATH, e);
        }
    }

    /** The elements of a YAML sequence; empty when absent. */
    static List<JsonNode> list(JsonNode sequence) {
        return StreamSupport.stream(sequence.spliterator(), false).toList();
    }

    /** The rules as one comparable text each, sorted: equal lists mean the same grants, whatever the order. */
    static List<String> canonical(List<JsonNode> rules) {
        List<String> out = new ArrayList<>(rules.stream().map(JsonNode::toString).toList());
        out.sort(null);
        return out;
    }

    /** Whether a rule is the leader-election Lease rule, which the chart grants in the release namespace. */
    static boolean isLease(JsonNode rule) {
        return list(rule.path("apiGroups")).stream().anyMatch(g -> g.asText().equals("coordination.k8s.io"))
                && list(rule.path("resources")).stream().anyMatch(r -> r.asText().equals("leases"));
    }
}
